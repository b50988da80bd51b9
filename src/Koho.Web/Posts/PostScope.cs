using System.Security.Claims;
using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Applications;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>
/// Who may do what with posts. Drafting: the account's operators (運用担当者) and those who manage the account
/// (its department's 所属長, the PR office, administrators). Approving: the pack's approver office — for
/// 所属長 (accountManager) only within their own department's subtree — and never the author. A person of an outside
/// organisation drafts for the accounts entrusted to it, and only those, and approves nothing: the municipality's
/// account manager answers for what they post (Joetsu 6(1)②); none of the guidelines lets the organisation approve its own.
/// </summary>
public static class PostScope
{
    public static async Task<bool> CanDraftAsync(KohoDbContext db, ClaimsPrincipal user, OfficialAccount account, CancellationToken ct)
    {
        if (await Contractors.OutsideAccess.AccountIdsAsync(db, user, ct) is { } entrusted) return entrusted.Contains(account.Id);
        var me = CurrentUser.From(user);
        if (await db.AccountOperators.AnyAsync(o => o.AccountId == account.Id && o.UserId == me.Id, ct)) return true;
        return await AccountScope.CanManageAsync(db, user, account.DepartmentId, ct);
    }

    /// <summary>Whether the user holds one of the pack's offices for this account (the role, and for 所属長 the department).</summary>
    public static async Task<bool> HoldsOfficeForAsync(KohoDbContext db, ClaimsPrincipal user, string officesKey, OfficialAccount account, CancellationToken ct)
    {
        var role = ApplicationLabels.RoleOf(officesKey);
        if (!user.IsInRole(role) || Contractors.OutsideAccess.IsOutside(user)) return false;
        if (role != KohoRoles.AccountManager) return true;
        var me = CurrentUser.From(user);
        var own = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        return own is { } mine && await AccountScope.IsWithinAsync(db, account.DepartmentId, mine, ct);
    }

    public static async Task<bool> CanApproveAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePack pack, IEnumerable<OfficialAccount> accounts, CancellationToken ct)
    {
        foreach (var a in accounts)
            if (!await HoldsOfficeForAsync(db, user, pack.Approval.Approver, a, ct)) return false;
        return true;
    }

    public static async Task<bool> CanOverrideAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePack pack, IEnumerable<OfficialAccount> accounts, CancellationToken ct)
    {
        foreach (var a in accounts)
        {
            var any = false;
            foreach (var key in pack.Approval.Override.Roles)
                if (await HoldsOfficeForAsync(db, user, key, a, ct)) { any = true; break; }
            if (!any) return false;
        }
        return true;
    }
}
