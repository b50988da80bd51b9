using Koho.Packs;
using Koho.Web.Organization;

namespace Koho.Web.Accounts;

/// <summary>Posts an account made in a month — entered by hand until the posts feature (#6) counts them itself.</summary>
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
