using Koho.Packs;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Packs;

/// <summary>
/// The municipality's guideline as every member of staff can read it: clause by clause, each with what Koho does
/// about it (or that it is guidance for people), and a summary of the rules Koho enforces.
/// </summary>
public sealed class PacksIndexModel(GuidelinePackService packs) : PageModel
{
    public TenantPack Current { get; private set; } = null!;
    public Dictionary<string, List<string>> Citations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct);
        Citations = PackCoverage.Citations(Current.Pack);
    }

    /// <summary>The features that act on a clause, with the issue that builds those not built yet.</summary>
    public IEnumerable<(string Feature, string? PlannedIn)> FeaturesOf(string clauseId) =>
        Citations[clauseId].Select(PackCoverage.FeatureOf).Distinct();
}
