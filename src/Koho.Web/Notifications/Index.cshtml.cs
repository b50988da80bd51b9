using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Notifications;

/// <summary>お知らせ: the signed-in user's notifications, newest first; opening one marks it read. Administrators also see and set the chat webhook and the deliveries that failed.</summary>
public sealed class NotificationsIndexModel(KohoDbContext db, WebhookSettings webhooks, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<Notification> Items { get; private set; } = [];
    public TenantWebhook? Webhook { get; private set; }
    public List<NotificationDelivery> Failed { get; private set; } = [];
    public bool IsAdministrator => User.IsInRole(KohoRoles.Administrator);
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = Done;
        await LoadAsync(ct);
    }

    /// <summary>Opens a notification's link (inside Koho only) and marks it read.</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid notificationId, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var item = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId && n.RecipientId == me.Id, ct);
        if (item is null) return NotFound();
        item.ReadAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Redirect(item.Link is { } link && Url.IsLocalUrl(link) ? link : "/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var now = time.GetUtcNow();
        await db.Notifications.Where(n => n.RecipientId == me.Id && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostWebhookAsync(string? url, string? secret, CancellationToken ct)
    {
        if (!IsAdministrator) return Forbid();
        var me = CurrentUser.From(User);
        var result = await webhooks.SetAsync(me.TenantId, url, secret, me.Actor, ct);
        if (result.Succeeded) { Done = L["チャットの Webhook を設定しました。"]; return Redirect("/notifications"); }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveWebhookAsync(CancellationToken ct)
    {
        if (!IsAdministrator) return Forbid();
        var me = CurrentUser.From(User);
        var result = await webhooks.RemoveAsync(me.TenantId, me.Actor, ct);
        if (result.Succeeded) { Done = L["チャットの Webhook を削除しました。"]; return Redirect("/notifications"); }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        Items = await db.Notifications.AsNoTracking().Where(n => n.RecipientId == me.Id).OrderByDescending(n => n.CreatedAt).Take(100).ToListAsync(ct);
        if (IsAdministrator)
        {
            Webhook = await db.TenantWebhooks.AsNoTracking().FirstOrDefaultAsync(ct);
            Failed = await db.NotificationDeliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Failed).OrderByDescending(d => d.CreatedAt).Take(50).ToListAsync(ct);
        }
    }
}
