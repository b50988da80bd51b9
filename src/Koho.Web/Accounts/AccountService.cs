using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts;

/// <summary>Changes to official accounts: each validated against the state machine and the pack, and audited.</summary>
public sealed class AccountService(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, TimeProvider time,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore? directoryCache = null)
{
    /// <param name="noticeEndsOn">For 停止予告中: the last day before the account stops (shown in the directory).</param>
    public async Task<Result<OfficialAccount>> ChangeStatusAsync(Guid tenantId, Guid accountId, AccountStatus to, string? reason,
        DateOnly? noticeEndsOn, AuditActor actor, CancellationToken ct = default)
    {
        var account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return Result<OfficialAccount>.Fail(["公式アカウントが見つかりません。"]);
        var pack = (await packs.ForTenantAsync(tenantId, ct)).Pack;
        if (AccountLifecycle.Refusal(account.Status, to, pack) is { } refusal) return Result<OfficialAccount>.Fail([refusal]);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
            return Result<OfficialAccount>.Fail(["変更の理由を500文字以内で入力してください（監査ログに残ります）。"]);
        var today = Shell.JapaneseDates.TodayJst(time);
        if (to == AccountStatus.SuspensionNoticed && (noticeEndsOn is null || noticeEndsOn <= today))
            return Result<OfficialAccount>.Fail(["停止予告の期限（停止する日）を明日以降の日付で入力してください。"]);

        var before = account.Status;
        account.Status = to;
        account.StatusChangedAt = time.GetUtcNow();
        if (to == AccountStatus.Operating && account.OpenedOn is null) account.OpenedOn = today;
        account.NoticeEndsOn = to == AccountStatus.SuspensionNoticed ? noticeEndsOn : null;
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "account.status-changed", "official-account", account.Id.ToString(),
            Before: AuditSummary.Of(new { Status = before.Label() }),
            After: AuditSummary.Of(new { Status = to.Label(), Reason = reason, NoticeEndsOn = account.NoticeEndsOn })), ct);
        // Citizens see the change at once on this node (other nodes within the cache's minute).
        if (directoryCache is not null) await directoryCache.EvictByTagAsync(PublicDirectory.DirectoryEndpoints.CacheTag, ct);
        return Result<OfficialAccount>.Ok(account);
    }
}
