using System.Globalization;
using Koho.Checks;
using Platform = Koho.Web.Accounts.Platform;
using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>
/// 投稿の記録: everything published — text, time, account, author, approver, the checker's findings, overrides —
/// searchable and exportable (CSV, JSON) as a public record. Also the backup of an account's posts when it is
/// withdrawn.
/// </summary>
public static class PostArchive
{
    public sealed record Query(string? Text, Guid? Account, DateOnly? From, DateOnly? To, int Page = 1);

    public sealed record Entry(Guid PostId, DateTimeOffset PublishedAt, string Account, Platform Platform, string Text, PostKind Kind,
        string Author, string? Approver, string Findings, string? OverrideReason, string? Url, string? ExternalId, string? PackReference,
        string? OutsideOrganization = null);

    public const int PageSize = 50;

    public static async Task<(List<Entry> Rows, int Total)> SearchAsync(KohoDbContext db, Query q, int? take, CancellationToken ct)
    {
        var rows = from t in db.PostTargets.AsNoTracking()
                   join p in db.Posts.AsNoTracking() on t.PostId equals p.Id
                   join a in db.OfficialAccounts.AsNoTracking() on t.AccountId equals a.Id
                   where t.Status == TargetStatus.Published && t.PublishedAt != null
                   select new { t, p, a };
        if (q.Account is { } account) rows = rows.Where(x => x.a.Id == account);
        if (!string.IsNullOrWhiteSpace(q.Text)) rows = rows.Where(x => x.p.Text.Contains(q.Text.Trim()));
        // Dates are JST days, as staff think of them.
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Shell.JapaneseDates.Jst).ToUniversalTime();
            rows = rows.Where(x => x.t.PublishedAt >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Shell.JapaneseDates.Jst).ToUniversalTime();
            rows = rows.Where(x => x.t.PublishedAt < end);
        }
        var total = await rows.CountAsync(ct);
        var ordered = rows.OrderByDescending(x => x.t.PublishedAt).ThenBy(x => x.a.Name);
        var page = take is { } n ? ordered.Take(n) : ordered.Skip((Math.Clamp(q.Page, 1, 100_000) - 1) * PageSize).Take(PageSize);
        var list = await page.Select(x => new
        {
            x.p.Id, x.t.PublishedAt, x.a.Name, x.a.Platform, x.p.Text, x.p.Kind, x.p.AuthorName, x.p.ApprovedByName, x.p.FindingsJson,
            x.p.OverrideReason, x.t.Url, x.t.ExternalId, x.p.PackReference, x.p.OutsideOrganizationName,
        }).ToListAsync(ct);
        return (list.Select(x => new Entry(x.Id, x.PublishedAt!.Value, x.Name, x.Platform, x.Text, x.Kind, x.AuthorName, x.ApprovedByName,
            FindingsText(x.FindingsJson), x.OverrideReason, x.Url, x.ExternalId, x.PackReference, x.OutsideOrganizationName)).ToList(), total);
    }

    /// <summary>The findings at approval as one readable cell: 「要確認: 個人情報、…」.</summary>
    private static string FindingsText(string json)
    {
        var findings = PostFindings.Deserialize(json);
        if (findings.Count == 0) return "";
        return string.Join(" / ", findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => $"{(g.Key == Severity.Block ? "要修正" : g.Key == Severity.Warn ? "要確認" : "参考")}: {string.Join("、", g.Select(f => Categories.Name(f.Category)).Distinct())}"));
    }

    public static readonly string[] Columns = ["公開日時", "公式アカウント", "SNS", "本文", "区分", "作成者", "作成者の団体（外部の運用団体）", "承認者", "投稿前チェックの指摘", "指摘を承知で承認した理由", "URL", "投稿ID", "ガイドライン"];

    public static string?[] Cells(Entry e) =>
    [
        Shell.JapaneseDates.ToJst(e.PublishedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Account, e.Platform.Label(), e.Text,
        e.Kind.Label(), e.Author, e.OutsideOrganization, e.Approver, e.Findings, e.OverrideReason, e.Url, e.ExternalId, e.PackReference,
    ];
}
