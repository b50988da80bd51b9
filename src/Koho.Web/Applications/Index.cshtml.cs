using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Applications;

/// <summary>Opening applications: those waiting for the signed-in user first, then all of the municipality's.</summary>
public sealed class ApplicationsIndexModel(KohoDbContext db, OpeningApplicationService applications) : PageModel
{
    public List<OpeningApplication> Waiting { get; private set; } = [];
    public List<OpeningApplication> All { get; private set; } = [];
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public bool CanApply { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = ApplicationPages.ActorOf(User);
        CanApply = actor.Roles.Contains(Organization.KohoRoles.AccountManager);
        Waiting = await applications.WaitingForAsync(actor, ct);
        All = await db.OpeningApplications.AsNoTracking().OrderByDescending(a => a.UpdatedAt).Take(200).ToListAsync(ct);
        Departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
    }
}
