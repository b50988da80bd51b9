using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.PublicDirectory;

/// <summary>Raising and clearing なりすまし warnings: validated, audited, and shown on the directory at once.</summary>
public sealed class ImpersonationWarnings(KohoDbContext db, AuditTrail audit, TimeProvider time, IOutputCacheStore? directoryCache = null)
{
    public const int MaxActive = 20;

    public async Task<Result<ImpersonationWarning>> RaiseAsync(Guid tenantId, Platform? platform, string? handle, Guid? genuineAccountId,
        string? message, AuditActor actor, CancellationToken ct = default, Guid? incidentId = null)
    {
        handle = handle?.Trim();
        message = message?.Trim();
        var errors = new List<string>();
        if (platform is not { } p || !Enum.IsDefined(p)) errors.Add("なりすましアカウントのある SNS を選んでください。");
        if (string.IsNullOrEmpty(handle) || handle.Length > 200) errors.Add("なりすましアカウントの名前（@から始まるアカウント名など）を200文字以内で入力してください。");
        else if (handle.Any(char.IsControl)) errors.Add("アカウント名に制御文字は使えません。");
        if (string.IsNullOrEmpty(message) || message.Length > 500) errors.Add("市民へのお知らせ文を500文字以内で入力してください。");
        if (genuineAccountId is { } g && !await db.OfficialAccounts.AnyAsync(a => a.Id == g && a.TenantId == tenantId, ct))
            errors.Add("なりすまされている公式アカウントが見つかりません。");
        if (errors.Count == 0 && platform is { } pl)
        {
            // Never a warning against the municipality's own account (a mistake, or an abuse of the directory).
            // Compared as the watch compares handles (full-width ＠, profile URLs, Mastodon servers, Bluesky domains).
            var key = Koho.Watch.LookalikeDetector.Key(pl.ToString(), handle!);
            var own = await db.OfficialAccounts.Where(a => a.TenantId == tenantId && a.Platform == pl && a.Status != AccountStatus.Deleted).Select(a => a.Handle).ToListAsync(ct);
            if (own.Any(h => Koho.Watch.LookalikeDetector.Key(pl.ToString(), h) == key)) errors.Add("このアカウントは市の公式アカウントとして登録されています。なりすましの注意には載せられません。");
        }
        if (errors.Count == 0)
        {
            if (await db.ImpersonationWarnings.AnyAsync(w => w.TenantId == tenantId && w.ClearedAt == null && w.Platform == platform && w.ImpostorHandle == handle, ct))
                errors.Add("このなりすましアカウントへの注意はすでに掲載中です。");
            else if (await db.ImpersonationWarnings.CountAsync(w => w.TenantId == tenantId && w.ClearedAt == null, ct) >= MaxActive)
                errors.Add($"掲載中の注意は{MaxActive}件までです。対応の済んだものを解除してください。");
        }
        if (errors.Count > 0) return Result<ImpersonationWarning>.Fail(errors);

        var warning = new ImpersonationWarning
        {
            Id = Guid.NewGuid(), TenantId = tenantId, Platform = platform!.Value, ImpostorHandle = handle!, GenuineAccountId = genuineAccountId,
            Message = message!, RaisedAt = time.GetUtcNow(), RaisedByName = actor.Name, IncidentId = incidentId,
        };
        db.ImpersonationWarnings.Add(warning);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "directory.impersonation-warned", "impersonation-warning", warning.Id.ToString(),
            After: AuditSummary.Of(new { Platform = warning.Platform.Label(), warning.ImpostorHandle, warning.Message })), ct);
        await EvictAsync(ct);
        return Result<ImpersonationWarning>.Ok(warning);
    }

    public async Task<Result<ImpersonationWarning>> ClearAsync(Guid tenantId, Guid warningId, AuditActor actor, CancellationToken ct = default)
    {
        var warning = await db.ImpersonationWarnings.FirstOrDefaultAsync(w => w.Id == warningId && w.TenantId == tenantId, ct);
        if (warning is null) return Result<ImpersonationWarning>.Fail(["なりすましの注意が見つかりません。"]);
        if (warning.ClearedAt is not null) return Result<ImpersonationWarning>.Fail(["この注意はすでに解除されています。"]);
        warning.ClearedAt = time.GetUtcNow();
        warning.ClearedByName = actor.Name;
        var entries = new List<AuditEntry> { new(tenantId, actor, "directory.impersonation-cleared", "impersonation-warning", warning.Id.ToString(),
            Before: AuditSummary.Of(new { Platform = warning.Platform.Label(), warning.ImpostorHandle })) };
        // A warning an incident raised: the incident learns of it in the same transaction, wherever it was cleared.
        if (warning.IncidentId is { } incidentId && await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId && i.TenantId == tenantId, ct) is { } incident
            && incident.WarningId == warning.Id)
        {
            incident.WarningId = null;
            incident.Version++;
            Incidents.IncidentTimeline.Add(db, incident, actor.Id, actor.Name, "warning-cleared", $"公開一覧のなりすましの注意を解除（{warning.ImpostorHandle}）", warning.ClearedAt.Value);
            entries.Add(new AuditEntry(tenantId, actor, "incident.warning-cleared", "incident", incident.Id.ToString(),
                After: AuditSummary.Of(new { incident.Number, warning.ImpostorHandle })));
        }
        await audit.SaveAsync(entries, ct);
        await EvictAsync(ct);
        return Result<ImpersonationWarning>.Ok(warning);
    }

    /// <summary>Active warnings for the public directory (no tenant from a cookie there: named explicitly).</summary>
    public static Task<List<ImpersonationWarning>> ActiveAsync(KohoDbContext db, Guid tenantId, CancellationToken ct) =>
        db.ImpersonationWarnings.IgnoreQueryFilters().AsNoTracking().Where(w => w.TenantId == tenantId && w.ClearedAt == null)
            .OrderByDescending(w => w.RaisedAt).ToListAsync(ct);

    /// <summary>Also called after an outer transaction commits (an incident raising a warning), so no stale page stays cached.</summary>
    public async Task EvictAsync(CancellationToken ct)
    {
        if (directoryCache is not null) await directoryCache.EvictByTagAsync(DirectoryEndpoints.CacheTag, ct);
    }
}
