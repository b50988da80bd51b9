using Koho.Packs;
using Koho.Web.Organization;

namespace Koho.Web.Accounts;

/// <summary>A check on a stopped account that the pack keeps and watches (Komae 4(5)エ): was it still safe?</summary>
public sealed class WatchCheck : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public DateOnly CheckedOn { get; set; }
    /// <summary>False when something was wrong (a login, a post, a changed profile): an incident to open (#7).</summary>
    public bool Intact { get; set; }
    public string? Note { get; set; }
    public required string CheckedByName { get; set; }
}

/// <summary>
/// Withdrawing an account: the notice post that sends followers to the main account, and the periodic checks of a
/// stopped account that the pack keeps instead of deleting.
/// </summary>
public static class Withdrawal
{
    /// <summary>How often a kept account is checked (Koho's default: the guidelines say 定期的に without a period).</summary>
    public const int WatchEveryDays = 30;

    /// <summary>The notice post for an account announced for stop, pointing to where its followers should go.</summary>
    public static string NoticePost(OfficialAccount account, string municipality, OfficialAccount? main)
    {
        var end = account.NoticeEndsOn is { } d ? $"{Shell.JapaneseDates.Wareki(d)}をもって" : "近日中に";
        var next = main is null ? $"{municipality}の情報は、{municipality}の公式ホームページでご確認ください。"
            : $"今後の情報は「{main.Name}」（{main.Url}）で発信しますので、こちらのフォローをお願いします。";
        return $"【お知らせ】「{account.Name}」は、{end}運用を終了します。これまでご覧いただき、ありがとうございました。{next}";
    }

    /// <summary>
    /// The day a stopped account's periodic check fell due (30 days after it stopped or after the last check), if it
    /// has — only where the pack keeps and watches stopped accounts.
    /// </summary>
    public static DateOnly? WatchDue(OfficialAccount account, GuidelinePack pack, DateOnly today, DateOnly? lastCheck)
    {
        if (account.Status != AccountStatus.Suspended || !pack.Lifecycle.Withdrawal.KeepMonitoring.Value) return null;
        var stoppedOn = account.StatusChangedAt is { } at ? DateOnly.FromDateTime(Shell.JapaneseDates.ToJst(at).DateTime) : today;
        var due = (lastCheck ?? stoppedOn).AddDays(WatchEveryDays);
        return due <= today ? due : null;
    }
}

/// <summary>
/// 影響評価: what stopping an account affects, recorded with the stop notice (in the same transaction): the
/// followers who lose it, where they are sent, where the account is referred to (homepage, printed matter, QR
/// codes, other departments' posts) and its recent activity.
/// </summary>
public sealed class WithdrawalAssessment : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public int Followers { get; set; }
    /// <summary>The running account followers are sent to (null: the municipality's homepage).</summary>
    public Guid? MainAccountId { get; set; }
    /// <summary>Where the account is referred to and must be updated when it stops.</summary>
    public required string References { get; set; }
    /// <summary>Posts in the last 12 months (from the monthly record) when assessed.</summary>
    public int PostsLastYear { get; set; }
    public required string AssessedByName { get; set; }
    public DateTimeOffset AssessedAt { get; set; }
}

/// <summary>The impact assessment as the account manager enters it with the stop notice.</summary>
public sealed record WithdrawalImpact(int? Followers, Guid? MainAccountId, string? References);
