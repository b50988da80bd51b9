using Koho.Web.Accounts;
using Koho.Web.Organization;

namespace Koho.Web.Posts;

/// <summary>
/// 投稿: one message for one or more official accounts, from draft through approval to publication. The text is
/// the same on every account; each account is a <see cref="PostTarget"/> with its own publication state.
/// </summary>
public sealed class Post : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public string Text { get; set; } = "";
    public PostKind Kind { get; set; }
    /// <summary>When it is to be published (UTC); null: as soon as it is approved.</summary>
    public DateTimeOffset? ScheduledAt { get; set; }
    public PostStatus Status { get; set; }
    /// <summary>Bumped by every save: the concurrency token that stops two editors overwriting each other silently.</summary>
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedByName { get; set; }
    /// <summary>Who saved the current version: they may not approve it (no approving one's own words).</summary>
    public Guid? UpdatedById { get; set; }
    /// <summary>The outside organisation whose person wrote it (指定管理者・委託事業者…), shown wherever the post is listed.</summary>
    public Guid? OutsideOrganizationId { get; set; }
    public string? OutsideOrganizationName { get; set; }

    /// <summary>The approval and the version it approved: any later edit voids it.</summary>
    public Guid? ApprovedById { get; set; }
    public string? ApprovedByName { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int? ApprovedVersion { get; set; }
    /// <summary>Why a post with a block finding was allowed, and by whom (pack approval.override).</summary>
    public string? OverrideReason { get; set; }
    public string? OverrideByName { get; set; }

    /// <summary>The checker's findings at the last save (JSON of <see cref="PostFindings"/>), and the pack it used.</summary>
    public string FindingsJson { get; set; } = "[]";
    public bool Blocked { get; set; }
    public string? PackReference { get; set; }

    // 緊急時の発信 (Musashino 2.1ウ②): published at once within a scope the section head approved in advance,
    // then reported to them within the pack's deadline and confirmed.
    public Guid? EmergencyScopeId { get; set; }
    public DateTimeOffset? ReportDueAt { get; set; }
    public string? ReportText { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public DateTimeOffset? ReportConfirmedAt { get; set; }
    public string? ReportConfirmedByName { get; set; }

    /// <summary>訂正: this post corrects that one (Musashino 2.4(1), Komae 見本第5条第2項), and why.</summary>
    public Guid? CorrectionOfId { get; set; }
    public string? CorrectionReason { get; set; }
    /// <summary>The incident this post answers (an explanation, correction, apology or impersonation notice drafted from it).</summary>
    public Guid? IncidentId { get; set; }
}

/// <summary>
/// 事前承認の範囲: what may be published at once without waiting for approval — which accounts, which 区分, which
/// templates (「{場所}」 stands for any short text), until when — approved in advance by the section head.
/// </summary>
public sealed class EmergencyScope : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Title { get; set; }
    /// <summary>JSON arrays: account ids, 区分 names, template texts.</summary>
    public string AccountIdsJson { get; set; } = "[]";
    public string KindsJson { get; set; } = "[]";
    public string TemplatesJson { get; set; } = "[]";
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
    public Guid DefinedById { get; set; }
    public required string DefinedByName { get; set; }
    public DateTimeOffset DefinedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
}

/// <summary>One account a post goes to, and what happened there.</summary>
public sealed class PostTarget : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid PostId { get; set; }
    public Guid AccountId { get; set; }
    public Platform Platform { get; set; }
    public TargetStatus Status { get; set; }
    /// <summary>Sent with every attempt at this target, so platforms that honour a key publish it once.</summary>
    public Guid IdempotencyKey { get; set; }
    public string? ExternalId { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? LastError { get; set; }

    // The publisher's bookkeeping (outbox): when to try next, how often it tried, who holds it now.
    public DateTimeOffset? NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>When Koho first tried: Bluesky's record key and createdAt derive from it, so every resend is identical.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }
    /// <summary>The node working on it, until <see cref="LeaseUntil"/>: two nodes never publish the same target at once.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>When an erroneous post was deleted from the platform (訂正のための削除).</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>An image attached to a post, with the alternative text every platform should get (代替テキスト).</summary>
public sealed class PostImage : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid PostId { get; set; }
    public int Position { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>SHA-256 of the content, hex: lets the archive prove what was published.</summary>
    public required string Sha256 { get; set; }
    public required string AltText { get; set; }
    /// <summary>
    /// The unguessable part of the image's public address (/media/{id}/{token}), which platforms that fetch images
    /// by URL (Instagram, LINE) are given. Served only once the post is approved.
    /// </summary>
    public string PublicToken { get; set; } = "";
}

/// <summary>An action on a post: submitted, approved, returned with comments, rejected, approval voided by an edit …</summary>
public sealed class PostDecision : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid PostId { get; set; }
    public PostAction Action { get; set; }
    public Guid? ById { get; set; }
    public required string ByName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
    public int Version { get; set; }
}

/// <summary>区分: 通常 / イベント / 災害・緊急 (the checker relaxes posting hours for events and disasters, per pack).</summary>
public enum PostKind { Normal, Event, Disaster }

public enum PostStatus
{
    /// <summary>下書き</summary>
    Draft,
    /// <summary>承認待ち</summary>
    Submitted,
    /// <summary>差戻し</summary>
    Returned,
    /// <summary>承認済（予約）</summary>
    Approved,
    /// <summary>却下</summary>
    Rejected,
    /// <summary>承認期限切れ: not approved before its scheduled time, so not published.</summary>
    Expired,
    /// <summary>公開処理中</summary>
    Publishing,
    /// <summary>公開済</summary>
    Published,
    /// <summary>公開失敗 (on at least one account, after retries)</summary>
    Failed,
}

public enum TargetStatus
{
    /// <summary>Not yet sent (or sent and refused with nothing published: tried again at NextAttemptAt).</summary>
    Pending,
    /// <summary>An attempt was recorded and its outcome is not known yet (in flight, or the answer was lost): reconciled before any resend.</summary>
    Publishing,
    Published,
    Failed,
    Cancelled,
    /// <summary>No connector for this account (or none configured): staff post by hand and record the URL.</summary>
    AwaitingManual,
    /// <summary>Deleted from the platform because it was wrong (a correction follows).</summary>
    Deleted,
    /// <summary>To be deleted by hand (no connector, or the platform cannot delete it): staff confirm when done.</summary>
    AwaitingDeletion,
}

public enum PostAction { Created, Submitted, Approved, Returned, Rejected, ApprovalVoided, Resubmitted, Expired, EmergencyPublished, Reported, ReportConfirmed }

public static class PostLabels
{
    public static string Label(this PostStatus s) => s switch
    {
        PostStatus.Draft => "下書き",
        PostStatus.Submitted => "承認待ち",
        PostStatus.Returned => "差戻し",
        PostStatus.Approved => "承認済",
        PostStatus.Rejected => "却下",
        PostStatus.Expired => "承認期限切れ",
        PostStatus.Publishing => "公開処理中",
        PostStatus.Published => "公開済",
        PostStatus.Failed => "公開失敗",
        _ => s.ToString(),
    };

    public static string Label(this PostKind k) => k switch
    {
        PostKind.Normal => "通常",
        PostKind.Event => "イベント",
        PostKind.Disaster => "災害・緊急",
        _ => k.ToString(),
    };

    public static string Label(this PostAction a) => a switch
    {
        PostAction.Created => "作成",
        PostAction.Submitted => "承認依頼",
        PostAction.Approved => "承認",
        PostAction.Returned => "差戻し",
        PostAction.Rejected => "却下",
        PostAction.ApprovalVoided => "編集により承認取消",
        PostAction.Resubmitted => "再依頼",
        PostAction.Expired => "承認期限切れ",
        PostAction.EmergencyPublished => "緊急発信（事前承認の範囲内）",
        PostAction.Reported => "事後報告",
        PostAction.ReportConfirmed => "事後報告の確認",
        _ => a.ToString(),
    };

    public static string Label(this TargetStatus s) => s switch
    {
        TargetStatus.Pending => "未公開",
        TargetStatus.Publishing => "公開処理中",
        TargetStatus.Published => "公開済",
        TargetStatus.Failed => "失敗",
        TargetStatus.Cancelled => "取消",
        TargetStatus.AwaitingManual => "手動投稿待ち",
        TargetStatus.Deleted => "削除済",
        TargetStatus.AwaitingDeletion => "手動削除待ち",
        _ => s.ToString(),
    };
}
