using Koho.Web.Database;

namespace Koho.Web.Organization;

public static class RoleMembers
{
    /// <summary>The tenant's users holding a role (Identity keeps roles in their own tables, without a tenant filter of their own).</summary>
    public static IQueryable<KohoUser> UsersInRole(this KohoDbContext db, string role) =>
        from u in db.TenantUsers
        join ur in db.UserRoles on u.Id equals ur.UserId
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == role
        select u;
}
