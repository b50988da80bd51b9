using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Watch;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Incidents;

/// <summary>Reporting an incident (any member of staff; from the inbox or an alert, what was found is filled in).</summary>
public sealed class NewIncidentModel(KohoDbContext db, IncidentService incidents, WatchService watch, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<OfficialAccount> Accounts { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [BindProperty] public IncidentType? Type { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public Guid? AccountId { get; set; }
    [BindProperty] public Platform? ImpostorPlatform { get; set; }
    [BindProperty] public string? ImpostorHandle { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? MentionId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? AlertId { get; set; }
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(IncidentType? type, CancellationToken ct)
    {
        Type = type;
        // Filled in only from what the user may see in the watch (an id alone reveals nothing).
        if (MentionId is { } m && await db.Mentions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == m, ct) is { } mention && await watch.MaySeeMentionAsync(User, mention, ct))
        {
            AccountId = mention.AccountId;
            Title = $"{mention.AuthorHandle} の記述";
            Description = $"{mention.AuthorHandle}{(mention.AuthorName is null ? "" : $"（{mention.AuthorName}）")}\n{mention.Text}\n{mention.Url}";
        }
        if (AlertId is { } a && await db.WatchAlerts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == a, ct) is { } alert && await watch.MaySeeAlertAsync(User, alert, ct))
        {
            Type ??= alert.Kind == WatchAlertKind.ImpersonationCandidate ? IncidentType.Impersonation : IncidentType.Flaming;
            AccountId = alert.AccountId;
            Title = alert.Kind == WatchAlertKind.ImpersonationCandidate ? $"なりすましの疑い {alert.Handle}" : "言及の急増";
            Description = alert.Explanation;
            if (alert.Kind == WatchAlertKind.ImpersonationCandidate) { ImpostorPlatform = alert.Platform; ImpostorHandle = alert.Handle; }
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await incidents.OpenAsync(User, new IncidentInput(Type, Title, Description, AccountId, ImpostorPlatform, ImpostorHandle, MentionId, AlertId), ct);
        if (result.Succeeded)
        {
            Done = L["インシデントを登録し、最初の連絡先に知らせました。手順に沿って対応してください。"];
            return Redirect($"/incidents/{result.Value!.Id}");
        }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // The accounts the user works on (the watch's set: operated, managed, or all for the PR/IT/security offices).
        Accounts = await watch.WatchedAccountsAsync(User, ct);
    }
}
