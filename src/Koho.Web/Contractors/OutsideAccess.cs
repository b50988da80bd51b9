using System.Security.Claims;
using System.Text.RegularExpressions;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Contractors;

/// <summary>
/// What a person of an outside organisation may reach: the posts of the accounts entrusted to it, while it runs
/// (within its period and not ended), and nothing else of the municipality. Two layers: a gate that lets such a
/// person reach only the pages and API routes of drafting (everything else is refused before any page runs), and the
/// data scoping of those pages (<see cref="AccountIdsAsync"/>), so that a route added later is closed by default.
/// </summary>
public static partial class OutsideAccess
{
    public static Guid? OrganizationOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(KohoClaims.OutsideOrganization), out var id) ? id : null;

    public static bool IsOutside(ClaimsPrincipal user) => user.HasClaim(c => c.Type == KohoClaims.OutsideOrganization);

    /// <summary>Within its period (JST days, inclusive) and not ended by the municipality.</summary>
    public static bool IsRunning(OutsideOrganization organization, DateOnly today) =>
        organization.EndedAt is null && organization.PeriodFrom <= today && today <= organization.PeriodTo;

    /// <summary>The accounts the person's organisation runs (none once it has ended); null for the municipality's own staff.</summary>
    public static async Task<HashSet<Guid>?> AccountIdsAsync(KohoDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (OrganizationOf(user) is not { } organization) return null;
        var ids = await (from x in db.OutsideAssignments
                         join o in db.OutsideOrganizations on x.OrganizationId equals o.Id
                         where x.OrganizationId == organization && o.EndedAt == null
                         select x.AccountId).ToListAsync(ct);
        return ids.ToHashSet();
    }

    /// <summary>The running outside organisations of each account (of one, when given): who runs it for the municipality.</summary>
    public static async Task<ILookup<Guid, (Guid Id, string Name)>> RunByAsync(KohoDbContext db, CancellationToken ct, Guid? accountId = null) =>
        (await (from x in db.OutsideAssignments.AsNoTracking()
                join o in db.OutsideOrganizations.AsNoTracking() on x.OrganizationId equals o.Id
                where o.EndedAt == null && (accountId == null || x.AccountId == accountId)
                orderby o.Name
                select new { x.AccountId, o.Id, o.Name }).ToListAsync(ct)).ToLookup(r => r.AccountId, r => (r.Id, r.Name));

    /// <summary>The pages and API routes of drafting, the checker, one's notifications and profile, and the confirmations.</summary>
    public static bool Allows(PathString path)
    {
        var p = path.Value ?? "/";
        if (p is "/" or "/posts" or "/posts/new" or "/checks" or "/api/checks" or "/notifications" or "/contractors/confirm" or "/denied" or "/error") return true;
        string[] prefixes = ["/profile", "/signout", "/signin", "/culture", "/css", "/js", "/healthz"];
        if (prefixes.Any(x => path.StartsWithSegments(x))) return true;
        return PostRoute().IsMatch(p);
    }

    // /posts/{id} (its handlers and images) and the editor's autosave; /posts/approvals, /archive, /pause, /emergency are not ids.
    [GeneratedRegex(@"^(/api)?/posts/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(/draft)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PostRoute();

    public const string EndedMessage = "所属する団体の契約・指定の期間外か、運用が終了しているため、サインインできません。所管課にお問い合わせください。";

    /// <summary>
    /// After sign-in: a person of an organisation that does not run (its period has not begun or is over, or the
    /// municipality ended it) is signed out at once — the period ends access by itself, without anyone acting —, and
    /// may reach only the allowed routes otherwise (the staff's pages answer 403 or go to the denied page).
    /// </summary>
    public static IApplicationBuilder UseOutsideUserGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (OrganizationOf(context.User) is not { } organizationId) { await next(); return; }
            var db = context.RequestServices.GetRequiredService<KohoDbContext>();
            var time = context.RequestServices.GetRequiredService<TimeProvider>();
            var organization = await db.OutsideOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, context.RequestAborted);
            var path = context.Request.Path;
            var isApi = path.StartsWithSegments("/api");
            if (organization is null || !IsRunning(organization, JapaneseDates.TodayJst(time)))
            {
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                if (isApi)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(new { error = EndedMessage });
                }
                else context.Response.Redirect("/signin?ended=true");
                return;
            }
            // The staff's own confirmation page is where notices link; outside people confirm on theirs.
            if (path.StartsWithSegments("/private-use/acknowledge")) { context.Response.Redirect("/contractors/confirm"); return; }
            if (!Allows(path))
            {
                if (isApi)
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsJsonAsync(new { error = "外部の運用団体の方は、この機能を使えません。" });
                }
                else context.Response.Redirect("/denied");
                return;
            }
            await next();
        });
}
