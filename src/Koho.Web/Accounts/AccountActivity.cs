using Koho.Packs;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>
/// Posts an account made in a month, entered by hand: for months before Koho, and posts made outside it. Koho counts
/// what it published itself (<see cref="AccountActivity.MonthlyAsync"/>); the larger of the two stands.
/// </summary>
public sealed class MonthlyPosts : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The first day of the month (JST).</summary>
    public DateOnly Month { get; set; }
    public int Posts { get; set; }
    public required string EnteredBy { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
}

/// <summary>
/// Posting frequency against the pack: below the minimum per month (Joetsu 4(4)②: at least once a month), and
/// dormant after the pack's number of days without a post.
/// </summary>
public static class AccountActivity
{
    public sealed record Problem(string Message, IReadOnlyList<string> Clauses);

    /// <summary>The twelve months up to and including this one, oldest first.</summary>
    public static IReadOnlyList<DateOnly> LastTwelveMonths(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        return Enumerable.Range(0, 12).Select(i => first.AddMonths(i - 11)).ToList();
    }

    /// <summary>
    /// Posts per account and month (JST) since <paramref name="from"/>: what Koho published (each post on the account
    /// once), or the hand-entered number where that is larger. A month with neither is absent (not recorded).
    /// </summary>
    public static async Task<Dictionary<Guid, Dictionary<DateOnly, int>>> MonthlyAsync(KohoDbContext db, IReadOnlyCollection<Guid> accountIds,
        DateOnly from, CancellationToken ct)
    {
        var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Shell.JapaneseDates.Jst).ToUniversalTime();
        var published = await db.PostTargets.AsNoTracking()
            .Where(t => accountIds.Contains(t.AccountId) && t.PublishedAt != null && t.PublishedAt >= since
                        && (t.Status == Posts.TargetStatus.Published || t.Status == Posts.TargetStatus.Deleted || t.Status == Posts.TargetStatus.AwaitingDeletion))
            .Select(t => new { t.AccountId, t.PublishedAt }).ToListAsync(ct);
        var entered = await db.MonthlyPosts.AsNoTracking().Where(x => accountIds.Contains(x.AccountId) && x.Month >= from).ToListAsync(ct);
        var result = accountIds.Distinct().ToDictionary(id => id, _ => new Dictionary<DateOnly, int>());
        foreach (var p in published)
        {
            var jst = Shell.JapaneseDates.ToJst(p.PublishedAt!.Value);
            var month = new DateOnly(jst.Year, jst.Month, 1);
            result[p.AccountId][month] = result[p.AccountId].GetValueOrDefault(month) + 1;
        }
        foreach (var e in entered)
            if (!result[e.AccountId].TryGetValue(e.Month, out var counted) || e.Posts > counted) result[e.AccountId][e.Month] = e.Posts;
        return result;
    }

    public static List<Problem> Check(OfficialAccount account, IReadOnlyDictionary<DateOnly, int> posts, GuidelinePack pack, DateOnly today)
    {
        var problems = new List<Problem>();
        if (account.Status is not (AccountStatus.Operating or AccountStatus.SuspensionNoticed)) return problems;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = thisMonth.AddMonths(-1);
        var opened = account.OpenedOn is { } o ? new DateOnly(o.Year, o.Month, 1) : DateOnly.MinValue;
        var life = pack.Lifecycle;
        if (life.MinimumPostsPerMonth.Value is int minimum && lastMonth >= opened)
        {
            if (!posts.TryGetValue(lastMonth, out var count))
                problems.Add(new($"{lastMonth.Month}月の投稿数が記録されていません（月 {minimum} 回以上が求められています）。", life.MinimumPostsPerMonth.Clauses));
            else if (count < minimum)
                problems.Add(new($"{lastMonth.Month}月の投稿は {count} 回で、月 {minimum} 回以上の基準を下回っています。", life.MinimumPostsPerMonth.Clauses));
        }
        if (life.DormancyDays.Value is int days)
        {
            // Months fully inside the dormancy window, all recorded and all without a post: the account is dormant.
            var months = Math.Max(1, days / 30);
            var window = Enumerable.Range(1, months).Select(i => thisMonth.AddMonths(-i)).Where(m => m >= opened).ToList();
            if (window.Count == months && window.All(m => posts.TryGetValue(m, out var c) && c == 0))
                problems.Add(new($"{months} か月間投稿がありません（休眠アカウント）。運用を見直すか、停止を検討してください。", life.DormancyDays.Clauses));
        }
        return problems;
    }
}
