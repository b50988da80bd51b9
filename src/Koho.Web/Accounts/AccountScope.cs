using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>
/// Whose accounts a user may manage: the PR office that keeps the register and administrators, all of them; a
/// section head (所属長), those of their own department and the units under it — never another department's.
/// </summary>
public static class AccountScope
{
    public static async Task<bool> CanManageAsync(KohoDbContext db, System.Security.Claims.ClaimsPrincipal user, Guid departmentId, CancellationToken ct)
    {
        if (user.IsInRole(KohoRoles.PrOffice) || user.IsInRole(KohoRoles.Administrator)) return true;
        if (!user.IsInRole(KohoRoles.AccountManager)) return false;
        var me = CurrentUser.From(user);
        var own = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        return own is { } mine && await IsWithinAsync(db, departmentId, mine, ct);
    }

    /// <summary>Whether <paramref name="department"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static async Task<bool> IsWithinAsync(KohoDbContext db, Guid department, Guid ancestor, CancellationToken ct) =>
        DepartmentTree.IsWithin(await DepartmentTree.ParentsAsync(db, ct), department, ancestor);
}
