using Koho.Checks;
using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>What the post pages share: the accounts a user may draft for, and the form's time in JST.</summary>
public static class PostPages
{
    /// <summary>Running accounts (and those announced for stop) the user may draft for.</summary>
    public static async Task<List<OfficialAccount>> DraftableAsync(KohoDbContext db, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var accounts = await db.OfficialAccounts.AsNoTracking()
            .Where(a => a.Status == AccountStatus.Operating || a.Status == AccountStatus.SuspensionNoticed)
            .OrderBy(a => a.Name).ToListAsync(ct);
        var mine = new List<OfficialAccount>();
        foreach (var a in accounts)
            if (await PostScope.CanDraftAsync(db, user, a, ct)) mine.Add(a);
        return mine;
    }

    /// <summary>A datetime-local value (JST wall clock, as staff type it) as an instant.</summary>
    public static DateTimeOffset? FromJstLocal(DateTime? local) =>
        local is { } l ? new DateTimeOffset(DateTime.SpecifyKind(l, DateTimeKind.Unspecified), Shell.JapaneseDates.Jst).ToUniversalTime() : null;

    public static string? ToJstLocal(DateTimeOffset? instant) =>
        instant is { } i ? Shell.JapaneseDates.ToJst(i).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Stored findings in the checker's shape, for the shared highlighting.</summary>
    public static List<Finding> AsFindings(IEnumerable<PostFinding> findings) =>
        findings.Select(f => new Finding(f.Rule, f.Category, f.Severity, f.Start, f.Length, f.Message, f.Suggestion,
            f.Clauses.Select(c => new ClauseRef("", c, "")).ToList())).ToList();
}
