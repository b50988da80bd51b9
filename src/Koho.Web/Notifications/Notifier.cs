using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Koho:Notifications";
    /// <summary>Run the sender and the escalation timer in this process (the scheduler).</summary>
    public bool Enabled { get; set; } = true;
    public int IntervalSeconds { get; set; } = 30;
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Koho's address as staff reach it, for links in e-mails and chat messages (e.g. https://koho.city.example.jp).</summary>
    public string? BaseUrl { get; set; }
    public Koho.Notifications.SmtpOptions Smtp { get; set; } = new();
    /// <summary>Webhook addresses on this machine over http only where allowed (tests against a local receiver).</summary>
    public bool AllowLoopbackWebhooks { get; set; }
    /// <summary>
    /// Domains staff may have notifications e-mailed to (e.g. city.musashino.lg.jp); empty: any. Set it so that incident
    /// notices never go to private mailboxes.
    /// </summary>
    public string[] AllowedEmailDomains { get; set; } = [];

    public bool EmailAllowed(string address) =>
        AllowedEmailDomains.Length == 0
        || AllowedEmailDomains.Any(d => address.EndsWith("@" + d.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Tells staff: an in-app notification each, an e-mail each (those with an address, when SMTP is configured), and
/// one message to the municipality's chat webhook. Everything is added to the caller's unit of work — it is saved,
/// and later sent by <see cref="NotificationOutbox"/>, only if what caused it is saved too.
/// </summary>
public sealed class Notifier(KohoDbContext db, TimeProvider time, IOptions<NotificationOptions> options, Koho.Notifications.IMailSender mail)
{
    /// <param name="body">Shown in Koho.</param>
    /// <param name="externalBody">What leaves Koho (e-mail, chat): by default the same; incidents pass a text without
    /// the description, which may hold residents' or staff's personal details.</param>
    /// <param name="webhook">False for what concerns only the recipients (a reminder to confirm the guideline), which the
    /// municipality's chat channel need not hear.</param>
    public async Task NotifyAsync(Guid tenantId, IReadOnlyCollection<KohoUser> recipients, string title, string body, string link,
        string severity, CancellationToken ct, string? externalBody = null, bool webhook = true)
    {
        externalBody ??= body;
        var now = time.GetUtcNow();
        title = Clip(title, 200);
        foreach (var user in recipients.DistinctBy(u => u.Id))
        {
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(), TenantId = tenantId, RecipientId = user.Id, Title = title, Body = Clip(body, 2000), Link = link, CreatedAt = now,
            });
            if (mail.IsConfigured && user.Email is { Length: > 0 } email && options.Value.EmailAllowed(email))
                db.NotificationDeliveries.Add(Delivery(tenantId, DeliveryChannel.Email, email, title, externalBody, link, severity, now));
        }
        // Chat tools read <…> and & as markup (Slack: <!channel>, <url|text>): a title taken from a mention must not become one.
        static string Plain(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        if (webhook && await db.TenantWebhooks.AnyAsync(w => w.TenantId == tenantId, ct))
            db.NotificationDeliveries.Add(Delivery(tenantId, DeliveryChannel.Webhook, "", Plain(title), Plain(externalBody), link, severity, now));
    }

    private static NotificationDelivery Delivery(Guid tenantId, DeliveryChannel channel, string recipient, string title, string body, string link,
        string severity, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), TenantId = tenantId, Channel = channel, Recipient = recipient, Subject = title, Body = Clip(body, 4000), Link = link,
        Severity = severity, Status = DeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now,
    };

    private static string Clip(string s, int max) => Shell.TextClip.Clip(s, max);
}
