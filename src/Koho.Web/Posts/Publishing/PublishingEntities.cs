using Koho.Web.Organization;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// One attempt at publishing one target, written and committed before the platform is called (the outbox): after a
/// crash Koho knows an attempt was made and reconciles before it sends again.
/// </summary>
public sealed class PublishAttempt : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid TargetId { get; set; }
    public int Number { get; set; }
    public required string Node { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public AttemptOutcome Outcome { get; set; }
    /// <summary>What the platform said, in Japanese, never a secret.</summary>
    public string? Detail { get; set; }
}

public enum AttemptOutcome
{
    /// <summary>Recorded, platform called, no answer recorded yet (in flight — or the process died).</summary>
    Started,
    Published,
    /// <summary>Refused with nothing published (429, 5xx): tried again later.</summary>
    Retry,
    /// <summary>The answer was lost: reconciled before any resend.</summary>
    Ambiguous,
    Failed,
    /// <summary>Reconciliation found the post already on the platform.</summary>
    Found,
    /// <summary>Reconciliation found nothing: safe to send.</summary>
    NotFound,
}

/// <summary>
/// An account's API connection: where and as whom Koho publishes. The secrets are encrypted with ASP.NET Core Data
/// Protection, never shown again after entry, never logged.
/// </summary>
public sealed class PlatformCredential : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The API's base URL for this account (a Mastodon instance; otherwise the configured default when null).</summary>
    public string? BaseUrl { get; set; }
    /// <summary>The platform's id of the account (X user id, Facebook page id, Instagram user id, Bluesky handle …).</summary>
    public required string PlatformAccountId { get; set; }
    public required string ProtectedSecrets { get; set; }
    public DateTimeOffset SetAt { get; set; }
    public required string SetByName { get; set; }
}

/// <summary>
/// 一時停止: the PR office stops all scheduled publishing of the municipality (<see cref="AccountId"/> null) or of one
/// account — a disaster, a hijacked account — until it is resumed.
/// </summary>
public sealed class PublishingPause : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? AccountId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset PausedAt { get; set; }
    public required string PausedByName { get; set; }
    public DateTimeOffset? ResumedAt { get; set; }
    public string? ResumedByName { get; set; }
}
