using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.PublicDirectory;

/// <summary>
/// The public directory of official accounts (公式アカウント一覧), read without sign-in. No tenant comes from a cookie
/// here, so every query names its tenant explicitly, and only what citizens may see is selected: approved,
/// running and announced-for-stop accounts, and no internal field.
/// </summary>
public static class DirectoryQueries
{
    /// <summary>One row, in the columns of the published list (地方公共団体コード … 状態).</summary>
    public sealed record Entry(string Code, string Municipality, string Department, Platform Platform, string Name,
        string Url, string? PolicyUrl, DateOnly? OpenedOn, AccountStatus Status, DateOnly? NoticeEndsOn);

    public sealed record Municipality(Guid Id, string Code, string Name);

    /// <summary>
    /// The municipality a directory request is for: by 地方公共団体コード, or — with none given — the only one of a
    /// single-municipality deployment. Null when it cannot be told (several municipalities, unknown code).
    /// </summary>
    public static async Task<Municipality?> ResolveAsync(KohoDbContext db, string? code, CancellationToken ct)
    {
        if (code is not null)
            return await db.Tenants.AsNoTracking().Where(t => t.Code == code).Select(t => new Municipality(t.Id, t.Code, t.Name)).FirstOrDefaultAsync(ct);
        var two = await db.Tenants.AsNoTracking().OrderBy(t => t.Code).Select(t => new Municipality(t.Id, t.Code, t.Name)).Take(2).ToListAsync(ct);
        return two.Count == 1 ? two[0] : null;
    }

    public static Task<List<Municipality>> MunicipalitiesAsync(KohoDbContext db, CancellationToken ct) =>
        db.Tenants.AsNoTracking().OrderBy(t => t.Code).Select(t => new Municipality(t.Id, t.Code, t.Name)).ToListAsync(ct);

    public static async Task<List<Entry>> ListAsync(KohoDbContext db, Municipality m, string? department, Platform? platform, CancellationToken ct)
    {
        var listed = OfficialAccount.Listed;
        var rows = await (
            from a in db.OfficialAccounts.IgnoreQueryFilters().AsNoTracking()
            join d in db.Departments.IgnoreQueryFilters().AsNoTracking() on a.DepartmentId equals d.Id
            where a.TenantId == m.Id && d.TenantId == m.Id && listed.Contains(a.Status)
                  && (platform == null || a.Platform == platform)
                  && (department == null || d.Name == department)
            orderby d.Name, a.Platform, a.Name
            select new Entry(m.Code, m.Name, d.Name, a.Platform, a.Name, a.Url, a.PolicyUrl, a.OpenedOn, a.Status, a.NoticeEndsOn))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>Departments that own a listed account, for the search form.</summary>
    public static Task<List<string>> DepartmentsAsync(KohoDbContext db, Municipality m, CancellationToken ct)
    {
        var listed = OfficialAccount.Listed;
        return (from a in db.OfficialAccounts.IgnoreQueryFilters()
                join d in db.Departments.IgnoreQueryFilters() on a.DepartmentId equals d.Id
                where a.TenantId == m.Id && d.TenantId == m.Id && listed.Contains(a.Status)
                select d.Name).Distinct().OrderBy(n => n).ToListAsync(ct);
    }

    /// <summary>The published columns, in order.</summary>
    public static readonly string[] Columns = ["地方公共団体コード", "団体名", "所管課", "SNS種別", "アカウント名", "URL", "運用ポリシーURL", "開設日", "状態"];

    public static string?[] Cells(Entry e) =>
    [
        e.Code, e.Municipality, e.Department, e.Platform.Label(), e.Name, e.Url, e.PolicyUrl,
        e.OpenedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StatusText(e),
    ];

    public static string StatusText(Entry e) => e.Status == AccountStatus.SuspensionNoticed && e.NoticeEndsOn is { } end
        ? $"{e.Status.Label()}（{end:yyyy-MM-dd} 停止）"
        : e.Status.Label();
}
