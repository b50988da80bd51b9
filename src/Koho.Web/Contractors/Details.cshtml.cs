using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Contractors;

/// <summary>One outside organisation: its period, the accounts assigned to it, ending it.</summary>
public sealed class ContractorDetailsModel(KohoDbContext db, OutsideOrganizations organizations, IStringLocalizer<SharedResource> L) : PageModel
{
    public OutsideOrganization Organization { get; private set; } = null!;
    public string Department { get; private set; } = "";
    public string AccountManager { get; private set; } = "";
    public List<(OutsideAssignment Assignment, OfficialAccount Account)> Assigned { get; private set; } = [];
    /// <summary>The department's accounts not yet assigned (what the assign form offers).</summary>
    public List<OfficialAccount> Assignable { get; private set; } = [];
    public bool MayManage { get; private set; }
    /// <summary>After the end: what must be rotated, renewed or revoked on each account, and whether it has been.</summary>
    public List<OutsideOrganizations.OffboardingItem> Offboarding { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Saved = Done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostAssignAsync(Guid id, Guid? accountId, CancellationToken ct) =>
        Act(id, async () => (await organizations.AssignAsync(User, id, accountId, ct)).Errors, L["公式アカウントを任せました。"], ct);

    public Task<IActionResult> OnPostUnassignAsync(Guid id, Guid accountId, CancellationToken ct) =>
        Act(id, async () => (await organizations.UnassignAsync(User, id, accountId, ct)).Errors, L["公式アカウントを団体から外しました。"], ct);

    public Task<IActionResult> OnPostEndAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, async () => (await organizations.EndAsync(User, id, reason, ct)).Errors, L["団体の運用を終了しました。"], ct);

    private async Task<IActionResult> Act(Guid id, Func<Task<IReadOnlyList<string>>> action, string done, CancellationToken ct)
    {
        var errors = await action();
        if (errors.Count == 0)
        {
            Done = done;
            return Redirect($"/contractors/{id}");
        }
        Errors.AddRange(errors);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var organization = await db.OutsideOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null) return false;
        Organization = organization;
        var tree = await DepartmentTree.LoadAsync(db, ct);
        Department = tree.FirstOrDefault(d => d.Id == organization.DepartmentId)?.Path ?? "";
        AccountManager = await db.TenantUsers.Where(u => u.Id == organization.AccountManagerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        MayManage = await organizations.MayManageAsync(User, organization.DepartmentId, ct);
        Assigned = (await (from x in db.OutsideAssignments.AsNoTracking()
                           join a in db.OfficialAccounts.AsNoTracking() on x.AccountId equals a.Id
                           where x.OrganizationId == id
                           orderby a.Name
                           select new { x, a }).ToListAsync(ct)).Select(r => (r.x, r.a)).ToList();
        Offboarding = await organizations.OffboardingAsync(organization, ct);
        if (MayManage && organization.EndedAt is null)
        {
            var parents = tree.ToDictionary(d => d.Id, d => d.ParentId);
            var taken = Assigned.Select(r => r.Account.Id).ToHashSet();
            Assignable = (await db.OfficialAccounts.AsNoTracking().Where(a => a.Status != AccountStatus.Suspended && a.Status != AccountStatus.Deleted)
                    .OrderBy(a => a.Name).ToListAsync(ct))
                .Where(a => !taken.Contains(a.Id) && DepartmentTree.IsWithin(parents, a.DepartmentId, organization.DepartmentId)).ToList();
        }
        return true;
    }
}
