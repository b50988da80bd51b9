using Koho.Packs;
using Koho.Web.Organization;
using Koho.Web.Shell;

namespace Koho.Web.Accounts;

/// <summary>
/// 年度末の手続 of one account for one 年度: the plan renewed for the next 年度 (Joetsu 6(1)①) and/or the annual
/// effectiveness review (Komae 4(5)ア: posts, followers, the three checks on whether an existing account would do,
/// and continue / consolidate into the main account / stop) — whichever the pack asks for.
/// </summary>
public sealed class YearEndReview : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public int FiscalYear { get; set; }
    public bool PlanRenewed { get; set; }
    public ReviewOutcome? Outcome { get; set; }
    public int? Followers { get; set; }
    public int PostsInYear { get; set; }
    public string? ExistingAccountChecks { get; set; }
    public string? Notes { get; set; }
    public required string CompletedByName { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
}

public enum ReviewOutcome { Continue, Consolidate, Stop }

public static class YearEnd
{
    public static string Label(this ReviewOutcome o) => o switch
    {
        ReviewOutcome.Continue => "継続する",
        ReviewOutcome.Consolidate => "市の広報アカウントに統合する",
        ReviewOutcome.Stop => "停止する",
        _ => o.ToString(),
    };

    /// <summary>What the pack asks at the end of each 年度: a plan renewal, an effectiveness review, or both.</summary>
    public static (bool Renewal, bool Review) Required(GuidelinePack pack) =>
        (pack.Lifecycle.PlanPeriod.Value == "fiscal-year", pack.Lifecycle.AnnualReview.Value);

    /// <summary>
    /// The 年度 whose year-end procedure is due for a running account today, or null: from February of the 年度's
    /// last calendar year (its final two months) until it is done — so a year left undone stays due.
    /// </summary>
    public static int? DueFiscalYear(OfficialAccount account, GuidelinePack pack, DateOnly today, IReadOnlySet<int> done)
    {
        var (renewal, review) = Required(pack);
        if (!renewal && !review) return null;
        if (account.Status is not (AccountStatus.Operating or AccountStatus.SuspensionNoticed)) return null;
        var current = JapaneseDates.FiscalYear(today);
        var previous = current - 1;
        var openedYear = account.OpenedOn is { } o ? JapaneseDates.FiscalYear(o) : int.MinValue;
        if (previous >= openedYear && !done.Contains(previous)) return previous;                  // last 年度, still undone
        if (today.Month is 2 or 3 && current >= openedYear && !done.Contains(current)) return current; // this 年度's end is near
        return null;
    }
}
