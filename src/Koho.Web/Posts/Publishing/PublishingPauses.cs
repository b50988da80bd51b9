using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts.Publishing;

/// <summary>The stop-all switch: pause and resume scheduled publishing for the municipality or one account; audited.</summary>
public sealed class PublishingPauses(KohoDbContext db, AuditTrail audit, TimeProvider time)
{
    public async Task<Result<PublishingPause>> PauseAsync(Guid tenantId, Guid? accountId, string? reason, AuditActor actor, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500) return Result<PublishingPause>.Fail(["停止の理由を500文字以内で入力してください（全職員の画面に表示されます）。"]);
        string? accountName = null;
        if (accountId is { } a)
        {
            accountName = await db.OfficialAccounts.Where(x => x.Id == a && x.TenantId == tenantId).Select(x => x.Name).FirstOrDefaultAsync(ct);
            if (accountName is null) return Result<PublishingPause>.Fail(["公式アカウントが見つかりません。"]);
        }
        if (await db.PublishingPauses.AnyAsync(p => p.TenantId == tenantId && p.ResumedAt == null && p.AccountId == accountId, ct))
            return Result<PublishingPause>.Fail([accountId is null ? "すでに全アカウントの投稿を停止しています。" : $"「{accountName}」の投稿はすでに停止しています。"]);
        var pause = new PublishingPause { Id = Guid.NewGuid(), TenantId = tenantId, AccountId = accountId, Reason = reason, PausedAt = time.GetUtcNow(), PausedByName = actor.Name };
        db.PublishingPauses.Add(pause);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "publishing.paused", "publishing-pause", pause.Id.ToString(),
            After: AuditSummary.Of(new { Account = accountName ?? "全アカウント", Reason = reason })), ct);
        return Result<PublishingPause>.Ok(pause);
    }

    public async Task<Result<PublishingPause>> ResumeAsync(Guid tenantId, Guid pauseId, AuditActor actor, CancellationToken ct)
    {
        var pause = await db.PublishingPauses.FirstOrDefaultAsync(p => p.Id == pauseId && p.TenantId == tenantId, ct);
        if (pause is null) return Result<PublishingPause>.Fail(["停止の記録が見つかりません。"]);
        if (pause.ResumedAt is not null) return Result<PublishingPause>.Fail(["この停止はすでに解除されています。"]);
        pause.ResumedAt = time.GetUtcNow();
        pause.ResumedByName = actor.Name;
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "publishing.resumed", "publishing-pause", pause.Id.ToString(),
            Before: AuditSummary.Of(new { pause.AccountId, pause.Reason })), ct);
        return Result<PublishingPause>.Ok(pause);
    }

    /// <summary>What every staff page shows while publishing is stopped.</summary>
    public async Task<List<(PublishingPause Pause, string? AccountName)>> ActiveAsync(CancellationToken ct)
    {
        var pauses = await db.PublishingPauses.AsNoTracking().Where(p => p.ResumedAt == null).OrderBy(p => p.PausedAt).ToListAsync(ct);
        if (pauses.Count == 0) return [];
        var ids = pauses.Where(p => p.AccountId != null).Select(p => p.AccountId!.Value).ToList();
        var names = await db.OfficialAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return pauses.Select(p => (p, p.AccountId is { } id ? names.GetValueOrDefault(id) : null)).ToList();
    }
}
