using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Contractors;

/// <summary>外部団体: the outside organisations running accounts for the municipality, their periods and accounts.</summary>
public sealed class ContractorsModel(KohoDbContext db) : PageModel
{
    public sealed record Row(OutsideOrganization Organization, string Department, string AccountManager, int Accounts);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var tree = (await DepartmentTree.LoadAsync(db, ct)).ToDictionary(d => d.Id, d => d.Path);
        var organizations = await db.OutsideOrganizations.AsNoTracking().OrderBy(o => o.EndedAt != null).ThenBy(o => o.PeriodTo).ToListAsync(ct);
        var managerIds = organizations.Select(o => o.AccountManagerId).Distinct().ToList();
        var managers = await db.TenantUsers.AsNoTracking().Where(u => managerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var counts = await db.OutsideAssignments.AsNoTracking().GroupBy(x => x.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Rows = organizations.Select(o => new Row(o, tree.GetValueOrDefault(o.DepartmentId, ""), managers.GetValueOrDefault(o.AccountManagerId, ""),
            counts.GetValueOrDefault(o.Id))).ToList();
    }
}
