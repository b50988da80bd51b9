using System.Globalization;
using System.Text;
using Koho.Web.Database;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Audit;

/// <summary>The auditor's search over the current tenant's trail, shared by the page, the API and the CSV export.</summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, string? Actor = null, string? Action = null, string? Target = null)
{
    public IQueryable<AuditRecord> Apply(IQueryable<AuditRecord> q)
    {
        // Dates are the municipality's calendar days (JST), kept to a range every database can represent.
        if (From is { } from) { var t = StartOfDayUtc(from); q = q.Where(r => r.At >= t); }
        if (To is { } to) { var t = StartOfDayUtc(to.AddDays(to < MaxDate ? 1 : 0)); q = q.Where(r => r.At < t); }
        if (!string.IsNullOrWhiteSpace(Actor)) { var a = Actor.Trim(); q = q.Where(r => r.ActorName.Contains(a)); }
        // Action codes are lower case; so is the search, whatever the database's LIKE does with case.
        if (!string.IsNullOrWhiteSpace(Action)) { var a = Action.Trim().ToLowerInvariant(); q = q.Where(r => r.Action.StartsWith(a)); }
        if (!string.IsNullOrWhiteSpace(Target)) { var t = Target.Trim(); q = q.Where(r => r.TargetId == t || r.TargetType == t); }
        return q;
    }

    private static readonly DateOnly MinDate = new(1900, 1, 1);
    private static readonly DateOnly MaxDate = new(2999, 12, 31);

    private static DateTimeOffset StartOfDayUtc(DateOnly day)
    {
        var clamped = day < MinDate ? MinDate : day > MaxDate ? MaxDate : day;
        return new DateTimeOffset(clamped.ToDateTime(TimeOnly.MinValue), JapaneseDates.Jst).ToUniversalTime();
    }
}

public static class AuditSearch
{
    public const int PageSize = 50;
    public const int MaxPage = 100_000;

    public static async Task<(List<AuditRecord> Rows, int Total)> PageAsync(KohoDbContext db, AuditFilter filter, int page, CancellationToken ct = default)
    {
        var q = filter.Apply(db.AuditRecords.AsNoTracking());
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.Seq).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>UTF-8 with BOM (so that Excel opens Japanese correctly), RFC 4180 quoting, formula-safe cells.</summary>
    public static async Task WriteCsvAsync(KohoDbContext db, AuditFilter filter, Stream output, CancellationToken ct = default)
    {
        await using var writer = Csv.Writer(output);
        await writer.WriteLineAsync("連番,日時(JST),操作者,操作,対象種別,対象ID,変更前,変更後,直前ハッシュ,ハッシュ");
        await foreach (var r in filter.Apply(db.AuditRecords.AsNoTracking()).OrderBy(r => r.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            var cells = new[]
            {
                r.Seq.ToString(CultureInfo.InvariantCulture),
                JapaneseDates.ToJst(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                r.ActorName, r.Action, r.TargetType, r.TargetId, r.Before ?? "", r.After ?? "", r.PrevHash, r.Hash,
            };
            await writer.WriteLineAsync(Csv.Line(cells));
        }
    }
}
