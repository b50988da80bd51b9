using Koho.Web.Accounts;
using Koho.Web.Organization;

namespace Koho.Web.Watch;

public enum MentionSource { Api, Import }

/// <summary>新着 → 対応不要 | 経過観察 | インシデント (opened from it).</summary>
public enum MentionStatus { New, NoAction, Watching, Incident }

/// <summary>
/// Something written to or about an official account (a mention or reply), read from the platform or imported, for
/// staff to triage in the inbox (受信箱).
/// </summary>
public sealed class Mention : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public Platform Platform { get; set; }
    /// <summary>The platform's id (unique per account: reading twice or importing twice stores it once).</summary>
    public required string ExternalId { get; set; }
    public required string AuthorHandle { get; set; }
    public string? AuthorName { get; set; }
    public required string Text { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public bool IsReply { get; set; }
    public MentionSource Source { get; set; }
    public MentionStatus Status { get; set; }
    public Guid? IncidentId { get; set; }
    public DateTimeOffset? TriagedAt { get; set; }
    public string? TriagedByName { get; set; }
    public string? TriageNote { get; set; }
}

public enum WatchAlertKind { Spike, ImpersonationCandidate }

/// <summary>未対応 → 対応不要 | インシデント.</summary>
public enum WatchAlertStatus { Open, Dismissed, Incident }

/// <summary>
/// What the watch found on its own: a spike in an account's mentions (炎上の兆し) or an account on a platform that
/// looks like one of the municipality's (なりすまし候補).
/// </summary>
public sealed class WatchAlert : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public WatchAlertKind Kind { get; set; }
    /// <summary>Spike: the account; candidate: the official account it resembles, if one.</summary>
    public Guid? AccountId { get; set; }
    public Platform Platform { get; set; }
    /// <summary>Candidate: the suspicious account's handle as seen (compared by the watch's normalised key); spike: empty.</summary>
    public required string Handle { get; set; }
    public string? DisplayName { get; set; }
    public required string Explanation { get; set; }
    public double Score { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public WatchAlertStatus Status { get; set; }
    public Guid? IncidentId { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedByName { get; set; }
    public string? ResolutionNote { get; set; }
}

/// <summary>How far the watch has read an account's mentions, and when it should read again.</summary>
public sealed class WatchCursor : ITenantScoped
{
    public Guid AccountId { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset? ReadUntil { get; set; }
    public DateTimeOffset? LastReadAt { get; set; }
    public DateTimeOffset? LastSearchAt { get; set; }
    public DateTimeOffset NextReadAt { get; set; }
    /// <summary>Why the last read failed (Japanese, never a secret), shown on the watch page.</summary>
    public string? LastError { get; set; }
    /// <summary>Why the platform's account search (impostor candidates) gave no answer last time, if it did not.</summary>
    public string? LastSearchError { get; set; }
}
