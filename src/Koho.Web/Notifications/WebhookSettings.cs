using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Notifications;

/// <summary>Setting the municipality's chat webhook: the address and signing secret are encrypted; only the host is ever shown or audited.</summary>
public sealed class WebhookSettings(KohoDbContext db, AuditTrail audit, IDataProtectionProvider protection, TimeProvider time, IOptions<NotificationOptions> options)
{
    private IDataProtector Protector => protection.CreateProtector(NotificationOutbox.WebhookPurpose);

    public async Task<Result<TenantWebhook>> SetAsync(Guid tenantId, string? url, string? secret, AuditActor actor, CancellationToken ct)
    {
        url = url?.Trim();
        secret = string.IsNullOrWhiteSpace(secret) ? null : secret.Trim();
        var errors = new List<string>();
        var loopbackOk = options.Value.AllowLoopbackWebhooks;
        if (string.IsNullOrEmpty(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var u)
            || !(u.Scheme == Uri.UriSchemeHttps && !u.IsLoopback || loopbackOk && u.IsLoopback && u.Scheme is "http" or "https")
            || u.UserInfo.Length > 0)
            errors.Add("Webhook の URL は https:// で始まる外部の URL にしてください（チャットツールの「受信 Webhook」の URL）。");
        if (secret is { Length: > 500 }) errors.Add("署名用のシークレットは500文字以内にしてください。");
        if (errors.Count > 0) return Result<TenantWebhook>.Fail(errors);
        var uri = new Uri(url!);
        var hook = await db.TenantWebhooks.FirstOrDefaultAsync(w => w.TenantId == tenantId, ct);
        var replaced = hook is not null;
        if (hook is null)
        {
            hook = new TenantWebhook { TenantId = tenantId, ProtectedUrl = "", DisplayHost = "", SetByName = "" };
            db.TenantWebhooks.Add(hook);
        }
        hook.ProtectedUrl = Protector.Protect(url!);
        hook.ProtectedSecret = secret is null ? null : Protector.Protect(secret);
        hook.DisplayHost = $"{uri.Scheme}://{uri.Host}";
        hook.SetAt = time.GetUtcNow();
        hook.SetByName = actor.Name;
        await audit.SaveAsync([new AuditEntry(tenantId, actor, "notification.webhook-set", "tenant", tenantId.ToString(),
            After: AuditSummary.Of(new { Host = hook.DisplayHost, Signed = secret is not null, Replaced = replaced }))], ct);
        return Result<TenantWebhook>.Ok(hook);
    }

    public async Task<Result<bool>> RemoveAsync(Guid tenantId, AuditActor actor, CancellationToken ct)
    {
        var hook = await db.TenantWebhooks.FirstOrDefaultAsync(w => w.TenantId == tenantId, ct);
        if (hook is null) return Result<bool>.Fail(["Webhook は設定されていません。"]);
        db.TenantWebhooks.Remove(hook);
        await audit.SaveAsync([new AuditEntry(tenantId, actor, "notification.webhook-removed", "tenant", tenantId.ToString(),
            Before: AuditSummary.Of(new { Host = hook.DisplayHost }))], ct);
        return Result<bool>.Ok(true);
    }
}
