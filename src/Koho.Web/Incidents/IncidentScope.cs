using System.Security.Claims;
using Koho.Web.Accounts;
using Koho.Web.Applications;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

/// <summary>
/// Who acts for an incident. The pack names offices (accountManager, prOffice, itOffice, ciso, hr, council) and
/// "operator"; for an incident they are: operator — the account's 運用担当者 and whoever reported it; accountManager —
/// the account's manager (運用管理責任者) and the 所属長 over the incident's department; the other offices — the staff
/// holding that role. The same rule picks whom to notify, who may acknowledge a level and who may do a step.
/// </summary>
public sealed class IncidentScope(KohoDbContext db, TimeProvider time)
{
    public const string OperatorKey = "operator";

    /// <summary>The staff who hold <paramref name="office"/> for this incident (active users of the tenant).</summary>
    public async Task<List<KohoUser>> HoldersAsync(Incident incident, string office, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        if (office == OperatorKey)
        {
            ids.Add(incident.OpenedById);
            if (incident.AccountId is { } accountId)
                ids.UnionWith(await db.AccountOperators.Where(o => o.AccountId == accountId).Select(o => o.UserId).ToListAsync(ct));
        }
        else if (office == "accountManager")
        {
            if (incident.AccountId is { } accountId &&
                await db.OfficialAccounts.Where(a => a.Id == accountId).Select(a => a.AccountManagerId).FirstOrDefaultAsync(ct) is { } manager)
                ids.Add(manager);
            var parents = await DepartmentTree.ParentsAsync(db, ct);
            ids.UnionWith((await UsersInRole(KohoRoles.AccountManager).Where(u => u.DepartmentId != null).Select(u => new { u.Id, u.DepartmentId }).ToListAsync(ct))
                .Where(u => DepartmentTree.IsWithin(parents, incident.DepartmentId, u.DepartmentId!.Value)).Select(u => u.Id));
        }
        else
        {
            ids.UnionWith(await UsersInRole(ApplicationLabels.RoleOf(office)).Select(u => u.Id).ToListAsync(ct));
        }
        var now = time.GetUtcNow();
        var users = await db.TenantUsers.Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        // Locked-out (disabled) staff are not told: they cannot act.
        return users.Where(u => u.LockoutEnd is null || u.LockoutEnd <= now).OrderBy(u => u.DisplayName).ToList();
    }

    public async Task<bool> HoldsAsync(ClaimsPrincipal user, Incident incident, string office, CancellationToken ct) =>
        (await ViewerAsync(user, ct)).Holds(incident, office);

    /// <summary>
    /// Who may see an incident: whoever holds an office in its chain or its steps (its responders), auditors and
    /// administrators. A private-use trouble concerns one member of staff: nobody else sees it.
    /// </summary>
    public async Task<bool> CanViewAsync(ClaimsPrincipal user, Incident incident, IEnumerable<string> offices, CancellationToken ct) =>
        (await ViewerAsync(user, ct)).CanView(incident, offices);

    private IncidentViewer? _viewer;

    /// <summary>What decides the user's offices, read once per request (lists check hundreds of incidents with it).</summary>
    public async Task<IncidentViewer> ViewerAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var me = CurrentUser.From(user);
        if (_viewer?.Me == me.Id) return _viewer;
        var roles = KohoRoles.All.Where(user.IsInRole).ToHashSet();
        var operated = (await db.AccountOperators.Where(o => o.UserId == me.Id).Select(o => o.AccountId).ToListAsync(ct)).ToHashSet();
        var managed = (await db.OfficialAccounts.Where(a => a.AccountManagerId == me.Id).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var department = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        return _viewer = new IncidentViewer(me.Id, me.TenantId, roles, operated, managed, department, await DepartmentTree.ParentsAsync(db, ct));
    }

    /// <summary>Whether the user may report an incident about this account (anyone may report one with no account).</summary>
    public async Task<bool> CanReportOnAsync(ClaimsPrincipal user, OfficialAccount account, CancellationToken ct)
    {
        if (user.IsInRole(KohoRoles.PrOffice) || user.IsInRole(KohoRoles.ItOffice) || user.IsInRole(KohoRoles.Ciso) || user.IsInRole(KohoRoles.Administrator))
            return true;
        return await Posts.PostScope.CanDraftAsync(db, user, account, ct);
    }

    public static string OfficeLabel(string office, Koho.Packs.GuidelinePack pack) => office switch
    {
        OperatorKey => "運用担当者",
        "accountManager" => pack.Offices["accountManager"] is { Length: > 0 } name ? $"{name}（運用管理責任者）" : "所属長（運用管理責任者）",
        _ => pack.Offices[office] ?? office,
    };

    /// <summary>The tenant's staff holding a role (also used for the administrators told when the top of a chain is silent).</summary>
    public IQueryable<KohoUser> UsersInRole(string role) => db.UsersInRole(role);

    /// <summary>Holds one of the offices of the incident's escalation chain (not merely its reporter or an operator).</summary>
    public async Task<bool> HoldsChainOfficeAsync(ClaimsPrincipal user, Incident incident, CancellationToken ct)
    {
        var viewer = await ViewerAsync(user, ct);
        var chain = await db.IncidentEscalations.Where(e => e.IncidentId == incident.Id).Select(e => e.Office).ToListAsync(ct);
        return chain.Any(o => viewer.Holds(incident, o));
    }
}

/// <summary>One user's standing for incidents, computed once: roles, accounts operated and managed, department.</summary>
public sealed record IncidentViewer(Guid Me, Guid TenantId, HashSet<string> Roles, HashSet<Guid> OperatedAccounts, HashSet<Guid> ManagedAccounts,
    Guid? Department, Dictionary<Guid, Guid?> Parents)
{
    public bool Holds(Incident incident, string office)
    {
        if (incident.TenantId != TenantId) return false;
        return office switch
        {
            IncidentScope.OperatorKey => incident.OpenedById == Me || incident.AccountId is { } a && OperatedAccounts.Contains(a),
            "accountManager" => incident.AccountId is { } m && ManagedAccounts.Contains(m)
                                || Roles.Contains(KohoRoles.AccountManager) && Department is { } mine && DepartmentTree.IsWithin(Parents, incident.DepartmentId, mine),
            _ => Roles.Contains(ApplicationLabels.RoleOf(office)),
        };
    }

    public bool CanView(Incident incident, IEnumerable<string> offices) =>
        incident.TenantId == TenantId && (Roles.Contains(KohoRoles.Administrator) || Roles.Contains(KohoRoles.Auditor)
                                          || offices.Append(IncidentScope.OperatorKey).Any(o => Holds(incident, o)));
}
