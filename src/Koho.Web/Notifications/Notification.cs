using Koho.Web.Organization;

namespace Koho.Web.Notifications;

/// <summary>An in-app notification (お知らせ) for one staff member: shown on the dashboard until read.</summary>
public sealed class Notification : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RecipientId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>A path inside Koho (never an outside address).</summary>
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

public enum DeliveryChannel { Email, Webhook }

/// <summary>Pending → Sent | Failed (after the last attempt, or refused for good).</summary>
public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>
/// The outbox of e-mails and chat-webhook messages: written in the same transaction as what caused it, sent afterwards
/// by <see cref="NotificationOutbox"/> with retries, so a notification is never lost nor sent for something that was
/// rolled back.
/// </summary>
public sealed class NotificationDelivery : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public DeliveryChannel Channel { get; set; }
    /// <summary>The e-mail address; empty for the tenant's webhook (its address is a secret, kept encrypted elsewhere).</summary>
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    /// <summary>info | warning | critical.</summary>
    public required string Severity { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// The municipality's outgoing chat webhook (Slack, Teams, Mattermost…). The address usually carries a token, so it is
/// kept encrypted with Data Protection like the platform credentials and only its host is ever shown.
/// </summary>
public sealed class TenantWebhook : ITenantScoped
{
    public Guid TenantId { get; set; }
    public required string ProtectedUrl { get; set; }
    public string? ProtectedSecret { get; set; }
    public required string DisplayHost { get; set; }
    public DateTimeOffset SetAt { get; set; }
    public required string SetByName { get; set; }
}
