using Koho.Web.Organization;

namespace Koho.Web.Accounts;

/// <summary>
/// 公式アカウント: an account the municipality runs on a social media platform. The register's full lifecycle
/// (opening application, documents, renewal, withdrawal) builds on this record.
/// </summary>
public sealed class OfficialAccount : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid DepartmentId { get; set; }
    public required string Name { get; set; }
    public Platform Platform { get; set; }
    public required string Handle { get; set; }
    public required string Url { get; set; }
    public AccountStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the status last changed (the directory's caches and the dashboard read it).</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }
    /// <summary>開設日: the day the account started running (set when it first becomes 運用中).</summary>
    public DateOnly? OpenedOn { get; set; }
    /// <summary>停止予告中: the day the account stops.</summary>
    public DateOnly? NoticeEndsOn { get; set; }
    /// <summary>Where citizens read the account's 運用ポリシー (the municipality's homepage).</summary>
    public string? PolicyUrl { get; set; }

    // Security hygiene (the register records the state, never a password).
    public Guid? AccountManagerId { get; set; }
    public bool VerifiedBadge { get; set; }
    public bool TwoFactorEnabled { get; set; }
    public DateOnly? PasswordChangedOn { get; set; }
    public bool HomepageLinkInProfile { get; set; }
    public bool PolicyInProfile { get; set; }
    public bool PolicyOnHomepage { get; set; }
    /// <summary>The last day the account manager confirmed the hygiene checklist.</summary>
    public DateOnly? HygieneConfirmedOn { get; set; }
    /// <summary>
    /// Since when the password must be changed and connected apps reviewed again because people outside the
    /// municipality knew them (an outside organisation's assignment ended that day), and why.
    /// </summary>
    public DateOnly? RotationDueSince { get; set; }
    public string? RotationReason { get; set; }

    /// <summary>States in which the public directory lists an account (approved, running, announced for stop).</summary>
    public static readonly AccountStatus[] Listed = [AccountStatus.Approved, AccountStatus.Operating, AccountStatus.SuspensionNoticed];
}

/// <summary>運用担当者: a member of staff who drafts and posts for an account.</summary>
public sealed class AccountOperator : ITenantScoped
{
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public Guid UserId { get; set; }
}

/// <summary>A third-party application connected to an account (予約投稿ツール, analytics …), reviewed periodically.</summary>
public sealed class ConnectedApp : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public required string Name { get; set; }
    public DateOnly? ConnectedOn { get; set; }
    public DateOnly? LastReviewedOn { get; set; }
}

public enum Platform
{
    X,
    Facebook,
    Instagram,
    Line,
    Mastodon,
    Bluesky,
    YouTube,
}

public enum AccountStatus
{
    /// <summary>申請中</summary>
    Applying,
    /// <summary>承認済</summary>
    Approved,
    /// <summary>運用中</summary>
    Operating,
    /// <summary>停止予告中</summary>
    SuspensionNoticed,
    /// <summary>停止</summary>
    Suspended,
    /// <summary>削除済</summary>
    Deleted,
}

public static class AccountLabels
{
    public static string Label(this AccountStatus s) => s switch
    {
        AccountStatus.Applying => "申請中",
        AccountStatus.Approved => "承認済",
        AccountStatus.Operating => "運用中",
        AccountStatus.SuspensionNoticed => "停止予告中",
        AccountStatus.Suspended => "停止",
        AccountStatus.Deleted => "削除済",
        _ => s.ToString(),
    };

    public static string Label(this Platform p) => p switch
    {
        Platform.X => "X",
        Platform.Facebook => "Facebook",
        Platform.Instagram => "Instagram",
        Platform.Line => "LINE",
        Platform.Mastodon => "Mastodon",
        Platform.Bluesky => "Bluesky",
        Platform.YouTube => "YouTube",
        _ => p.ToString(),
    };
}
