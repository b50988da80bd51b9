using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>Reads of the register shared by the pages and the API (tenant-scoped by the DbContext's filters).</summary>
public static class AccountsQueries
{
    public sealed record AccountView(Guid Id, string Name, Platform Platform, string Handle, string Url,
        Guid DepartmentId, string Department, AccountStatus Status, DateTimeOffset CreatedAt);

    // Filters go before the projection: EF cannot translate conditions on a record built by its constructor.
    private static IQueryable<AccountView> Views(KohoDbContext db, IQueryable<OfficialAccount> accounts) =>
        from a in accounts
        join d in db.Departments on a.DepartmentId equals d.Id
        orderby d.Name, a.Name
        select new AccountView(a.Id, a.Name, a.Platform, a.Handle, a.Url, a.DepartmentId, d.Name, a.Status, a.CreatedAt);

    public static Task<List<AccountView>> ListAsync(KohoDbContext db, AccountStatus? status, CancellationToken ct = default) =>
        Views(db, db.OfficialAccounts.Where(a => status == null || a.Status == status)).ToListAsync(ct);

    public static Task<AccountView?> FindAsync(KohoDbContext db, Guid id, CancellationToken ct = default) =>
        Views(db, db.OfficialAccounts.Where(a => a.Id == id)).FirstOrDefaultAsync(ct);
}
