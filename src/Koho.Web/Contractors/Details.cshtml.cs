using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Contractors;

/// <summary>One outside organisation: its period, the accounts assigned to it, its people, the contract's clauses, ending it.</summary>
public sealed class ContractorDetailsModel(KohoDbContext db, OutsideOrganizations organizations, OutsidePeople people, Packs.GuidelinePackService packs,
    TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    /// <summary>A person of the organisation and where they stand.</summary>
    public sealed record Member(KohoUser User, bool GuidelineConfirmed, bool Revoked);

    public List<Member> Members { get; private set; } = [];
    [BindProperty] public PersonForm Person { get; set; } = new();

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

    public Task<IActionResult> OnPostPersonAsync(Guid id, CancellationToken ct) =>
        Act(id, async () => (await people.AddAsync(User, id, new OutsidePersonInput(Person.DisplayName, Person.UserName, Person.Email, Person.Password, Person.Representative), ct)).Errors,
            L["担当者を追加しました。初めてのサインインで二要素認証を設定してもらいます。"], ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, Guid personId, CancellationToken ct) =>
        Act(id, async () => (await people.RevokeAsync(User, id, personId, ct)).Errors, L["担当者の利用を停止しました。"], ct);

    public Task<IActionResult> OnPostClausesAsync(Guid id, int version, string? clauses, CancellationToken ct) =>
        Act(id, async () => (await people.SetClausesAsync(User, id, version, clauses, ct)).Errors, L["契約条項を登録しました。団体の代表者の確認を待ちます。"], ct);

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
        var members = await people.MembersAsync(id, ct);
        var memberIds = members.Select(m => m.Id).ToList();
        var pack = await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct);
        var sha = PrivateUse.Acknowledgements.Fingerprint(pack);
        var notice = await db.GuidelineNotices.AsNoTracking().Where(n => n.SupersededAt == null).FirstOrDefaultAsync(ct);
        var confirmed = await OutsideReadiness.GuidelineConfirmedAsync(db, memberIds, sha, notice, ct);
        var now = time.GetUtcNow();
        Members = members.Select(m => new Member(m, confirmed.ContainsKey(m.Id), OutsidePeople.Revoked(m, now))).ToList();
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

/// <summary>A new person of the organisation, as posted.</summary>
public sealed class PersonForm
{
    public string? DisplayName { get; set; }
    public string? UserName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public bool Representative { get; set; }
}
