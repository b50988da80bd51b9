using System.Security.Claims;
using Koho.Connectors;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.Posts.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Posts;

/// <summary>
/// 訂正: an erroneous published post is deleted from the platforms (or kept) as the pack says — Musashino 2.4(1):
/// misinformation with a serious impact is deleted at once, then corrected; Komae 見本第5条第2項: always deleted and
/// republished correctly — and a linked correction is drafted, which goes through the normal approval (or the
/// emergency path). Deletions go through the connectors; accounts without one are deleted by hand and confirmed.
/// </summary>
public sealed class PostCorrections(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, CredentialVault vault, IConnectorFactory connectors,
    IOptions<PublishingOptions> options, TimeProvider time)
{
    /// <summary>Whether correcting deletes the original: always, never, or when the one correcting says the impact is serious.</summary>
    public static bool Deletes(string erroneousPost, bool serious) => erroneousPost switch
    {
        "delete" => true,
        "keep" => false,
        _ => serious,
    };

    public async Task<Result<Post>> CorrectAsync(ClaimsPrincipal user, Guid postId, bool serious, string? reason, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var original = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (original is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
        var targets = await db.PostTargets.Where(t => t.PostId == postId).ToListAsync(ct);
        if (!targets.Any(t => t.Status == TargetStatus.Published)) return Result<Post>.Fail(["訂正できるのは公開済みの投稿です。"]);
        var accounts = await db.OfficialAccounts.Where(a => targets.Select(t => t.AccountId).Contains(a.Id)).ToListAsync(ct);
        foreach (var a in accounts)
            if (!await PostScope.CanDraftAsync(db, user, a, ct)) return Result<Post>.Fail([$"「{a.Name}」の投稿を訂正する権限がありません。"]);
        if (await db.Posts.AnyAsync(p => p.CorrectionOfId == postId && p.Status != PostStatus.Rejected && p.Status != PostStatus.Expired, ct))
            return Result<Post>.Fail(["この投稿の訂正はすでに作成されています。"]);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) return Result<Post>.Fail(["どこが誤りだったかを1000文字以内で入力してください（訂正の記録に残ります）。"]);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        var delete = Deletes(pack.Approval.Corrections.ErroneousPost, serious);

        var now = time.GetUtcNow();
        var at = Shell.JapaneseDates.ToJst(targets.Where(t => t.PublishedAt != null).Min(t => t.PublishedAt!.Value));
        var correction = new Post
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, AuthorId = me.Id, AuthorName = me.DisplayName, Kind = original.Kind, Status = PostStatus.Draft,
            Text = $"【訂正】{at.Month}月{at.Day}日{at:HH:mm}にお知らせした内容{(delete ? "に" : "の一部に")}誤りがありました。正しくは次のとおりです。\n（正しい内容を書いてください）\nお詫びして訂正いたします。",
            CreatedAt = now, UpdatedAt = now, UpdatedByName = me.DisplayName, UpdatedById = me.Id, Version = 1, CorrectionOfId = original.Id, CorrectionReason = reason,
        };
        db.Posts.Add(correction);
        foreach (var a in accounts.Where(a => targets.Any(t => t.AccountId == a.Id && t.Status == TargetStatus.Published)))
            db.PostTargets.Add(new PostTarget { Id = Guid.NewGuid(), TenantId = me.TenantId, PostId = correction.Id, AccountId = a.Id, Platform = a.Platform,
                Status = TargetStatus.Pending, IdempotencyKey = Guid.NewGuid() });
        db.PostDecisions.Add(new PostDecision { Id = Guid.NewGuid(), TenantId = me.TenantId, PostId = correction.Id, Action = PostAction.Created,
            ById = me.Id, ByName = me.DisplayName, At = now, Version = 1, Comment = "訂正: " + reason });
        var entries = new List<AuditEntry>
        {
            new(me.TenantId, me.Actor, "post.correction-started", "post", original.Id.ToString(),
                After: AuditSummary.Of(new { Correction = correction.Id, Reason = reason, Delete = delete, Rule = pack.Approval.Corrections.ErroneousPost })),
        };
        // The wrong text goes out nowhere else: accounts it has not reached yet are cancelled.
        foreach (var t in targets.Where(t => t.Status == TargetStatus.Pending))
        {
            t.Status = TargetStatus.Cancelled;
            t.NextAttemptAt = null;
            t.LastError = "訂正のため公開を取り消しました。";
        }
        var toDelete = delete ? targets.Where(t => t.Status == TargetStatus.Published).ToList() : [];
        // On record first (to be deleted), then deleted: a failure between the two leaves 手動削除待ち, never an
        // unrecorded deletion.
        foreach (var t in toDelete)
        {
            t.Status = TargetStatus.AwaitingDeletion;
            t.LastError = "削除中です。";
        }
        try
        {
            await audit.SaveAsync(entries, ct);
        }
        catch (DbUpdateException)
        {
            return Result<Post>.Fail(["同じ投稿に対する他の操作と重なったため、訂正を始めませんでした。画面を開き直して確かめてください。"]);
        }
        foreach (var t in toDelete)
        {
            var account = accounts.First(a => a.Id == t.AccountId);
            var (status, detail) = await DeleteAsync(t, account, ct);
            t.Status = status;
            if (status == TargetStatus.Deleted) t.DeletedAt = time.GetUtcNow();
            t.LastError = status == TargetStatus.Deleted ? null : detail;
            try
            {
                await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, status == TargetStatus.Deleted ? "post.deleted" : "post.deletion-awaited", "post",
                    original.Id.ToString(), After: AuditSummary.Of(new { Account = account.Name, t.ExternalId, Detail = detail })), ct);
            }
            catch (DbUpdateException) { } // stays 手動削除待ち: staff confirm by hand
        }
        return Result<Post>.Ok(correction);
    }

    /// <summary>Staff deleted it by hand on the platform (no connector, or the connector could not).</summary>
    public async Task<Result<PostTarget>> ConfirmManualDeletionAsync(ClaimsPrincipal user, Guid postId, Guid targetId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var target = await db.PostTargets.FirstOrDefaultAsync(t => t.Id == targetId && t.PostId == postId, ct);
        if (target is null || target.Status != TargetStatus.AwaitingDeletion) return Result<PostTarget>.Fail(["手動で削除する投稿先が見つかりません。"]);
        var account = await db.OfficialAccounts.FirstAsync(a => a.Id == target.AccountId, ct);
        if (!await PostScope.CanDraftAsync(db, user, account, ct)) return Result<PostTarget>.Fail(["この公式アカウントの投稿を記録する権限がありません。"]);
        target.Status = TargetStatus.Deleted;
        target.DeletedAt = time.GetUtcNow();
        target.LastError = null;
        try
        {
            await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "post.deleted-manually", "post", postId.ToString(),
                After: AuditSummary.Of(new { Account = account.Name, target.ExternalId })), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<PostTarget>.Fail(["他の操作と重なりました。画面を開き直して確かめてください。"]);
        }
        return Result<PostTarget>.Ok(target);
    }

    private async Task<(TargetStatus, string?)> DeleteAsync(PostTarget target, Accounts.OfficialAccount account, CancellationToken ct)
    {
        var credential = await db.PlatformCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == account.Id, ct);
        if (Networks.Of(account.Platform) is not { } network || credential is null || target.ExternalId is null || target.ExternalId.StartsWith("https://", StringComparison.Ordinal))
            return (TargetStatus.AwaitingDeletion, target.ExternalId?.StartsWith("https://", StringComparison.Ordinal) == true
                ? "手動で記録した投稿のため、プラットフォームで手動で削除し、削除したことを記録してください。"
                : "連携がないため、プラットフォームで手動で削除し、削除したことを記録してください。");
        var connection = vault.Open(credential, options.Value.BaseUrls.GetValueOrDefault(network.ToString()) ?? "https://invalid.example");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.CallTimeoutSeconds));
        try
        {
            return await connectors.For(network).DeleteAsync(connection, target.ExternalId, timeout.Token) switch
            {
                PublishResult.Published => (TargetStatus.Deleted, null),
                PublishResult.Failed f when network == Network.Line => (TargetStatus.AwaitingDeletion,
                    "LINE の配信は取り消せません。訂正の配信でお知らせし、対応を終えたら「削除した」として記録してください。（" + f.Reason + "）"),
                PublishResult.Failed f => (TargetStatus.AwaitingDeletion, "削除できませんでした。手動で削除してください: " + f.Reason),
                PublishResult.Retry r => (TargetStatus.AwaitingDeletion, "削除できませんでした（混雑）。手動で削除してください: " + r.Reason),
                PublishResult.Ambiguous a => (TargetStatus.AwaitingDeletion, "削除されたか確認できません。プラットフォームで確かめてください: " + a.Reason),
                _ => (TargetStatus.AwaitingDeletion, "削除できませんでした。"),
            };
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (TargetStatus.AwaitingDeletion, "応答がなく、削除されたか確認できません。プラットフォームで確かめてください。");
        }
    }
}
