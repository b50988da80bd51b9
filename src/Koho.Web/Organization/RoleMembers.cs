using Koho.Web.Database;

namespace Koho.Web.Organization;

public static class RoleMembers
{
    /// <summary>
    /// The municipality's staff holding a role (Identity keeps roles in their own tables, without a tenant filter of their
    /// own). Outside organisations' people are never among them: what goes to "the operators" is the municipality's.
    /// </summary>
    public static IQueryable<KohoUser> UsersInRole(this KohoDbContext db, string role) =>
        from u in db.StaffUsers
        join ur in db.UserRoles on u.Id equals ur.UserId
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == role
        select u;
}
