using Koho.Notifications;
using Koho.Web.Audit;
using Koho.Web.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Notifications;

/// <summary>
/// Sends what <see cref="Notifier"/> queued: each delivery is claimed (its attempt counted and committed) before the
/// call, so two nodes never send the same attempt; transient failures wait with exponential backoff (or the server's
/// Retry-After), permanent ones and the last attempt end as 送信失敗 for an administrator to see. E-mails may, rarely,
/// arrive twice (a crash between sending and recording) — never not at all.
/// </summary>
public sealed class NotificationOutbox(IServiceScopeFactory scopes, TimeProvider time, IOptions<NotificationOptions> options,
    IMailSender mail, WebhookSender webhook, ILogger<NotificationOutbox> log)
{
    public const string WebhookPurpose = "Koho.Notifications.Webhook.v1";

    /// <summary>Sends every due delivery of every municipality once; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
            due = await db.NotificationDeliveries.IgnoreQueryFilters()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(200).ToListAsync(ct);
        }
        var sent = 0;
        foreach (var id in due)
        {
            try
            {
                if (await DeliverOneAsync(id, ct)) sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One delivery's trouble (its row changed underneath, the database briefly away) must not stop the rest.
                log.LogWarning("Notification {Id} could not be processed this round: {Error}", id, e.GetType().Name);
            }
        }
        return sent;
    }

    private async Task<bool> DeliverOneAsync(Guid id, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var delivery = await db.NotificationDeliveries.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == id, ct);
        var now = time.GetUtcNow();
        if (delivery is null || delivery.Status != DeliveryStatus.Pending || delivery.NextAttemptAt > now) return false;

        // Claim: count the attempt and push the next try beyond this call's time before calling out.
        delivery.Attempts++;
        delivery.NextAttemptAt = now.AddMinutes(5);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return false; } // another node took it

        DeliveryResult result;
        try
        {
            result = await SendAsync(db, scope.ServiceProvider, delivery, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Notification {Id} ({Channel}) failed unexpectedly: {Error}", delivery.Id, delivery.Channel, e.GetType().Name);
            result = new DeliveryResult.Retry(null, "送信中に予期しないエラーが発生しました。");
        }

        now = time.GetUtcNow();
        var max = Math.Max(1, options.Value.MaxAttempts);
        switch (result)
        {
            case DeliveryResult.Delivered:
                delivery.Status = DeliveryStatus.Sent;
                delivery.SentAt = now;
                delivery.LastError = null;
                break;
            case DeliveryResult.Retry r when delivery.Attempts < max:
                var backoff = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, delivery.Attempts - 1)));
                delivery.NextAttemptAt = now + (r.After is { } after && after > backoff ? after : backoff);
                delivery.LastError = Clip(r.Reason);
                break;
            case DeliveryResult.Retry r:
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = Clip($"{max}回試みても送信できませんでした: {r.Reason}");
                break;
            case DeliveryResult.Failed f:
                delivery.Status = DeliveryStatus.Failed;
                delivery.LastError = Clip(f.Reason);
                break;
        }
        if (delivery.Status == DeliveryStatus.Failed)
        {
            // The only audit record of the outbox, saved with the status: a notification that could not be delivered is
            // something staff must know of.
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await audit.SaveAsync([new AuditEntry(delivery.TenantId, AuditActor.System, "notification.failed", "notification", delivery.Id.ToString(),
                After: AuditSummary.Of(new { Channel = delivery.Channel.ToString(), delivery.Subject, delivery.Attempts, delivery.LastError }))], ct);
        }
        else await db.SaveChangesAsync(ct);
        return delivery.Status == DeliveryStatus.Sent;
    }

    private async Task<DeliveryResult> SendAsync(KohoDbContext db, IServiceProvider services, NotificationDelivery delivery, CancellationToken ct)
    {
        var link = Absolute(delivery.Link);
        if (delivery.Channel == DeliveryChannel.Email)
        {
            var body = delivery.Body + (link is null ? "" : $"\n\n{link}") + "\n\n-- \nKoho（ソーシャルメディア運用管理）からの自動送信です。";
            return await mail.SendAsync(new MailMessageSpec([delivery.Recipient], delivery.Subject, body), ct);
        }
        var hook = await db.TenantWebhooks.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(w => w.TenantId == delivery.TenantId, ct);
        if (hook is null) return new DeliveryResult.Failed("チャットの Webhook が設定されていません（削除されました）。");
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(WebhookPurpose);
        string url;
        string? secret;
        try
        {
            url = protector.Unprotect(hook.ProtectedUrl);
            secret = hook.ProtectedSecret is null ? null : protector.Unprotect(hook.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new DeliveryResult.Failed("Webhook の設定を復号できません。設定し直してください。");
        }
        return await webhook.SendAsync(new Uri(url), secret, new WebhookMessage(delivery.Subject, delivery.Body, link?.ToString(), delivery.Severity), ct);
    }

    private Uri? Absolute(string? link) =>
        link is null ? null
        : options.Value.BaseUrl is { Length: > 0 } b && Uri.TryCreate(new Uri(b.TrimEnd('/') + "/"), link.TrimStart('/'), out var u) ? u : null;

    private static string Clip(string s) => Shell.TextClip.Clip(s, 500);
}
