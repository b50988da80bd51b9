using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Watch;

/// <summary>
/// 監視: the mentions inbox of the accounts the user works on (triage: no action, keep watching, or open an incident),
/// the watch's alerts (spikes, impersonation candidates), and how reading each account goes.
/// </summary>
public sealed class WatchIndexModel(KohoDbContext db, WatchService watch, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<Mention> Mentions { get; private set; } = [];
    public List<WatchAlert> Alerts { get; private set; } = [];
    public List<(OfficialAccount Account, WatchCursor? Cursor)> Reading { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];
    public MentionStatus Status { get; private set; }
    public Guid? AccountId { get; private set; }
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(MentionStatus? status, Guid? account, CancellationToken ct)
    {
        Saved = Done;
        await LoadAsync(status ?? MentionStatus.New, account, ct);
    }

    public async Task<IActionResult> OnPostTriageAsync(Guid mentionId, MentionStatus? status, string? note, CancellationToken ct)
    {
        var result = await watch.TriageAsync(User, mentionId, status, note, ct);
        if (result.Succeeded) { Done = L["振り分けました。"]; return Redirect("/watch"); }
        Errors.AddRange(result.Errors);
        await LoadAsync(MentionStatus.New, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDismissAsync(Guid alertId, string? note, CancellationToken ct)
    {
        var result = await watch.DismissAlertAsync(User, alertId, note, ct);
        if (result.Succeeded) { Done = L["対応不要として記録しました。"]; return Redirect("/watch"); }
        Errors.AddRange(result.Errors);
        await LoadAsync(MentionStatus.New, null, ct);
        return Page();
    }

    private async Task LoadAsync(MentionStatus status, Guid? account, CancellationToken ct)
    {
        Status = Enum.IsDefined(status) ? status : MentionStatus.New;
        var accounts = await watch.WatchedAccountsAsync(User, ct);
        AccountNames = accounts.ToDictionary(a => a.Id, a => a.Name);
        var ids = accounts.Select(a => a.Id).ToList();
        AccountId = account is { } a && ids.Contains(a) ? a : null;
        var query = db.Mentions.AsNoTracking().Where(m => ids.Contains(m.AccountId) && m.Status == Status);
        if (AccountId is { } only) query = query.Where(m => m.AccountId == only);
        Mentions = await query.OrderByDescending(m => m.PostedAt).Take(200).ToListAsync(ct);
        var alerts = db.WatchAlerts.AsNoTracking().Where(x => x.Status == WatchAlertStatus.Open);
        if (!WatchService.WatchesAll(User)) alerts = alerts.Where(x => x.AccountId != null && ids.Contains(x.AccountId.Value));
        Alerts = await alerts.OrderByDescending(x => x.RaisedAt).Take(100).ToListAsync(ct);
        var cursors = await db.WatchCursors.AsNoTracking().Where(c => ids.Contains(c.AccountId)).ToDictionaryAsync(c => c.AccountId, ct);
        Reading = accounts.Select(x => (x, cursors.GetValueOrDefault(x.Id))).ToList();
    }
}
