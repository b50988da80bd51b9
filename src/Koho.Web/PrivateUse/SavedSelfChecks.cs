using System.Security.Claims;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.PrivateUse;

/// <summary>
/// Self-checks a user chose to keep — theirs alone: nobody else (not HR, not administrators) lists or opens them. The
/// audit trail records that one was kept or deleted, never what it said.
/// </summary>
public sealed class SavedSelfChecks(KohoDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int MaxKept = 50;

    public Task<List<SavedSelfCheck>> MineAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        return db.SavedSelfChecks.AsNoTracking().Where(s => s.UserId == me.Id).OrderByDescending(s => s.SavedAt).ToListAsync(ct);
    }

    public async Task<Result<SavedSelfCheck>> SaveAsync(ClaimsPrincipal user, SelfCheckInput input, TenantPack pack, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var checkedResult = SelfCheck.Run(input, pack);
        if (!checkedResult.Succeeded) return Result<SavedSelfCheck>.Fail(checkedResult.Errors);
        if (await db.SavedSelfChecks.CountAsync(s => s.UserId == me.Id, ct) >= MaxKept)
            return Result<SavedSelfCheck>.Fail([$"保存できるのは{MaxKept}件までです。不要になった記録を削除してから保存してください。"]);
        var saved = new SavedSelfCheck
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, UserId = me.Id, SavedAt = time.GetUtcNow(), Text = input.Text!,
            Profile = string.IsNullOrWhiteSpace(input.Profile) ? null : input.Profile, PlannedAt = input.PlannedAt?.ToUniversalTime(),
            Overtime = input.Overtime, BusinessTrip = input.BusinessTrip, Outcome = checkedResult.Value!.Outcome, PackReference = pack.Reference,
        };
        db.SavedSelfChecks.Add(saved);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.self-check-saved", "saved-self-check", saved.Id.ToString(),
            After: AuditSummary.Of(new { saved.Outcome, saved.PackReference }))], ct);
        return Result<SavedSelfCheck>.Ok(saved);
    }

    public async Task<Result<SavedSelfCheck>> DeleteAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var saved = await db.SavedSelfChecks.FirstOrDefaultAsync(s => s.Id == id && s.UserId == me.Id, ct);
        if (saved is null) return Result<SavedSelfCheck>.Fail(["記録が見つかりません。"]);
        db.SavedSelfChecks.Remove(saved);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "private-use.self-check-deleted", "saved-self-check", saved.Id.ToString())], ct);
        return Result<SavedSelfCheck>.Ok(saved);
    }
}
