using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>What an editor sends: the text, 区分, when, and which accounts.</summary>
public sealed record PostInput(string? Text, PostKind Kind, DateTimeOffset? ScheduledAt, IReadOnlyCollection<Guid> AccountIds);

public enum Decision { Approve, Return, Reject }

/// <summary>
/// Drafting and approving posts. Every change checks the state machine, the editor's rights and the version the
/// editor saw (optimistic concurrency: nobody overwrites someone else's edit silently), re-runs the checker, and is
/// audited in the same transaction.
/// </summary>
public sealed class PostService(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, TimeProvider time)
{
    public const int MaxText = 10_000;

    /// <summary>Said when the post changed since the editor opened it: nothing was saved.</summary>
    public static string Changed(int current) =>
        $"この投稿は、開いた後に他の人が更新しました（現在 第{current}版）。あなたの変更は保存していません。最新の内容を開き直してから編集してください。";

    public async Task<Result<Post>> SaveAsync(ClaimsPrincipal user, Guid? postId, int? expectedVersion, PostInput input, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var text = (input.Text ?? "").Replace("\r\n", "\n");
        var errors = new List<string>();
        if (text.Trim().Length == 0) errors.Add("本文を入力してください。");
        if (text.Length > MaxText) errors.Add($"本文は{MaxText}文字以内にしてください。");
        if (!Enum.IsDefined(input.Kind)) errors.Add("区分を選んでください。");
        var accounts = await db.OfficialAccounts.Where(a => input.AccountIds.Contains(a.Id)).ToListAsync(ct);
        // An outside organisation's people do not learn of the accounts not entrusted to it, not even their names.
        if (await Contractors.OutsideAccess.AccountIdsAsync(db, user, ct) is { } entrusted) accounts = accounts.Where(a => entrusted.Contains(a.Id)).ToList();
        if (input.AccountIds.Count == 0) errors.Add("投稿する公式アカウントを1つ以上選んでください。");
        else if (accounts.Count != input.AccountIds.Distinct().Count()) errors.Add("選ばれた公式アカウントが見つかりません。");
        foreach (var a in accounts)
        {
            if (a.Status is not (AccountStatus.Operating or AccountStatus.SuspensionNoticed))
                errors.Add($"「{a.Name}」は{a.Status.Label()}のため投稿できません（運用中・停止予告中のアカウントに投稿できます）。");
            else if (!await PostScope.CanDraftAsync(db, user, a, ct))
                errors.Add($"「{a.Name}」の投稿を作成する権限がありません（運用担当者・運用管理責任者・広報主管課）。");
        }
        if (input.ScheduledAt is { } at && at < time.GetUtcNow().AddMinutes(-1)) errors.Add("予定日時に過去の日時は指定できません。");
        // An outside organisation's people draft only once they confirmed the guideline and their representative the contract's clauses.
        if (await Contractors.OutsideReadiness.OfAsync(db, user, packs, ct) is { MayDraft: false })
            errors.Add(Contractors.OutsideReadiness.NotReady);
        if (errors.Count > 0) return Result<Post>.Fail(errors);

        Post post;
        var now = time.GetUtcNow();
        var entries = new List<AuditEntry>();
        if (postId is null)
        {
            post = new Post
            {
                Id = Guid.NewGuid(), TenantId = me.TenantId, AuthorId = me.Id, AuthorName = me.DisplayName, CreatedAt = now, Status = PostStatus.Draft,
                OutsideOrganizationId = Contractors.OutsideAccess.OrganizationOf(user), OutsideOrganizationName = me.OutsideOrganizationName,
            };
            db.Posts.Add(post);
            db.PostDecisions.Add(Decided(post, PostAction.Created, me, null, now, version: 1));
        }
        else
        {
            var found = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
            if (found is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
            post = found;
            if (!PostLifecycle.Editable(post.Status)) return Result<Post>.Fail([$"「{post.Status.Label()}」の投稿は編集できません。"]);
            if (expectedVersion != post.Version) return Result<Post>.Fail([Changed(post.Version)]);
            if (!await MayEditAsync(user, post, ct)) return Result<Post>.Fail(["この投稿を編集する権限がありません。"]);
            VoidApproval(post, me, now, entries);
        }
        var before = postId is null ? null : AuditSummary.Of(new { post.Version, Text = Fingerprint(post.Text), Kind = post.Kind.Label(), post.ScheduledAt });
        post.Text = text;
        post.Kind = input.Kind;
        post.ScheduledAt = input.ScheduledAt?.ToUniversalTime(); // stored in UTC (PostgreSQL timestamptz takes no other offset)
        post.Version++;
        post.UpdatedAt = now;
        post.UpdatedByName = me.DisplayName;
        post.UpdatedById = me.Id;
        await SyncTargetsAsync(post, accounts, ct);
        await RecheckAsync(post, accounts, ct);
        entries.Insert(0, new AuditEntry(me.TenantId, me.Actor, postId is null ? "post.created" : "post.edited", "post", post.Id.ToString(), Before: before,
            After: AuditSummary.Of(new { post.Version, Text = Fingerprint(post.Text), Kind = post.Kind.Label(), post.ScheduledAt,
                Accounts = accounts.Select(a => a.Name), post.Blocked, OutsideOrganization = post.OutsideOrganizationName })));
        return await SaveAsync(post, entries, ct);
    }

    public async Task<Result<Post>> SubmitAsync(ClaimsPrincipal user, Guid postId, int? expectedVersion, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
        if (expectedVersion != post.Version) return Result<Post>.Fail([Changed(post.Version)]);
        if (PostLifecycle.Refusal(post.Status, PostStatus.Submitted) is { } refusal) return Result<Post>.Fail([refusal]);
        if (!await MayEditAsync(user, post, ct)) return Result<Post>.Fail(["この投稿の承認を依頼する権限がありません。"]);
        var now = time.GetUtcNow();
        if (post.ScheduledAt is { } at && at <= now) return Result<Post>.Fail(["予定日時を過ぎています。予定日時を直してから承認を依頼してください。"]);
        var images = await db.PostImages.Where(i => i.PostId == post.Id).Select(i => new PlatformMedia.Image(i.ContentType, i.Content.Length)).ToListAsync(ct);
        var mediaProblems = (await AccountsOfAsync(post, ct)).Select(a => a.Platform).Distinct().SelectMany(p => PlatformMedia.Problems(p, images)).ToList();
        if (mediaProblems.Count > 0) return Result<Post>.Fail(mediaProblems);
        var action = post.Status == PostStatus.Returned ? PostAction.Resubmitted : PostAction.Submitted;
        post.Status = PostStatus.Submitted;
        post.UpdatedAt = now;
        db.PostDecisions.Add(Decided(post, action, me, null, now, post.Version));
        return await SaveAsync(post, [new AuditEntry(me.TenantId, me.Actor, "post.submitted", "post", post.Id.ToString(),
            After: AuditSummary.Of(new { post.Version, post.ScheduledAt, post.Blocked }))], ct);
    }

    /// <summary>
    /// The approver's decision on the version they saw. Approval re-runs the checker (the time may have moved into
    /// other hours); a block finding needs a recorded override by a role the pack allows.
    /// </summary>
    public async Task<Result<Post>> DecideAsync(ClaimsPrincipal user, Guid postId, int? seenVersion, Decision? chosen, string? comment,
        string? overrideReason, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (chosen is not { } decision || !Enum.IsDefined(decision)) return Result<Post>.Fail(["承認・差戻し・却下のどれかを選んでください。"]);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
        var to = decision switch { Decision.Approve => PostStatus.Approved, Decision.Return => PostStatus.Returned, Decision.Reject => PostStatus.Rejected, _ => throw new UnreachableException() };
        if (PostLifecycle.Refusal(post.Status, to) is { } refusal) return Result<Post>.Fail([refusal]);
        if (seenVersion != post.Version) return Result<Post>.Fail([$"確認した後に投稿の内容が変わりました（現在 第{post.Version}版）。最新の内容を確認してから判断してください。"]);
        if (post.AuthorId == me.Id) return Result<Post>.Fail(["自分が作成した投稿は承認・差戻し・却下できません（自己承認の禁止）。"]);
        if (decision == Decision.Approve && await EditedSinceSubmissionAsync(post, me.Id, ct))
            return Result<Post>.Fail(["承認を依頼された後に自分でも編集した投稿は承認できません（自己承認の禁止）。差し戻すか、別の承認者に依頼してください。"]);
        var tenantPack = await packs.ForTenantAsync(me.TenantId, ct);
        var pack = tenantPack.Pack;
        var accounts = await AccountsOfAsync(post, ct);
        if (!await PostScope.CanApproveAsync(db, user, pack, accounts, ct))
            return Result<Post>.Fail([$"この投稿を判断できるのは{ApproverName(pack)}です。"]);
        comment = comment?.Trim();
        if (comment is { Length: > 2000 }) return Result<Post>.Fail(["コメントは2000文字以内にしてください。"]);
        if (decision != Decision.Approve && string.IsNullOrEmpty(comment))
            return Result<Post>.Fail([decision == Decision.Return ? "差し戻す理由（直してほしい点）を入力してください。" : "却下の理由を入力してください。"]);

        var now = time.GetUtcNow();
        var entries = new List<AuditEntry>();
        if (decision == Decision.Approve)
        {
            if (post.ScheduledAt is { } at && at <= now) return Result<Post>.Fail(["予定日時を過ぎているため承認できません。作成者が予定日時を直して依頼し直してください。"]);
            await RecheckAsync(post, accounts, ct);
            overrideReason = overrideReason?.Trim();
            if (post.Blocked)
            {
                if (!await PostScope.CanOverrideAsync(db, user, pack, accounts, ct))
                    return Result<Post>.Fail(["投稿前チェックで「要修正」の指摘があるため承認できません。作成者に差し戻してください。"]);
                if (pack.Approval.Override.ReasonRequired && string.IsNullOrEmpty(overrideReason))
                    return Result<Post>.Fail(["「要修正」の指摘があります。それでも発信してよい理由を記録してください（監査ログに残ります）。"]);
                if (overrideReason is { Length: > 1000 }) return Result<Post>.Fail(["理由は1000文字以内にしてください。"]);
                post.OverrideReason = overrideReason;
                post.OverrideByName = me.DisplayName;
            }
            post.ApprovedById = me.Id;
            post.ApprovedByName = me.DisplayName;
            post.ApprovedAt = now;
            post.ApprovedVersion = post.Version;
        }
        post.Status = to;
        post.UpdatedAt = now;
        var action = decision switch { Decision.Approve => PostAction.Approved, Decision.Return => PostAction.Returned, _ => PostAction.Rejected };
        db.PostDecisions.Add(Decided(post, action, me, comment, now, post.Version));
        if (to == PostStatus.Rejected)
            foreach (var t in await db.PostTargets.Where(t => t.PostId == post.Id).ToListAsync(ct)) t.Status = TargetStatus.Cancelled;
        entries.Add(new AuditEntry(me.TenantId, me.Actor, $"post.{action.ToString().ToLowerInvariant()}", "post", post.Id.ToString(),
            After: AuditSummary.Of(new { Status = to.Label(), post.Version, Comment = comment, Override = post.Blocked && to == PostStatus.Approved ? post.OverrideReason : null })));
        return await SaveAsync(post, entries, ct);
    }

    public const int MaxImages = 4;
    public const int MaxImageBytes = 5 * 1024 * 1024;

    /// <summary>Adds an image with its alternative text; an edit like any other (it voids an approval).</summary>
    public async Task<Result<Post>> AddImageAsync(ClaimsPrincipal user, Guid postId, int? expectedVersion, string? fileName, byte[] content,
        string? altText, CancellationToken ct = default)
    {
        altText = altText?.Trim();
        var errors = new List<string>();
        var type = ImageType(content);
        if (content.Length == 0) errors.Add("画像ファイルを選んでください。");
        else if (content.Length > MaxImageBytes) errors.Add($"画像は{MaxImageBytes / 1024 / 1024}MB以下にしてください。");
        else if (type is null) errors.Add("画像は PNG・JPEG・GIF・WebP のいずれかにしてください（ファイルの中身で判定します）。");
        if (string.IsNullOrEmpty(altText)) errors.Add("代替テキスト（画像の内容を言葉で説明したもの）を入力してください。目の不自由な方が読み上げで利用します。");
        else if (altText.Length > 1000) errors.Add("代替テキストは1000文字以内にしてください。");
        if (errors.Count > 0) return Result<Post>.Fail(errors);
        return await EditAsync(user, postId, expectedVersion, async (post, me) =>
        {
            var count = await db.PostImages.CountAsync(i => i.PostId == post.Id, ct);
            if (count >= MaxImages) return $"画像は{MaxImages}枚までです。";
            var name = Path.GetFileName(fileName ?? "image");
            db.PostImages.Add(new PostImage
            {
                Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Position = count, FileName = name.Length > 200 ? name[..200] : name,
                ContentType = type!, Content = content, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), AltText = altText!,
                PublicToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            });
            return null;
        }, "post.image-added", new { FileName = fileName, Bytes = content.Length }, ct);
    }

    public async Task<Result<Post>> RemoveImageAsync(ClaimsPrincipal user, Guid postId, int? expectedVersion, Guid imageId, CancellationToken ct = default) =>
        await EditAsync(user, postId, expectedVersion, async (post, me) =>
        {
            var image = await db.PostImages.FirstOrDefaultAsync(i => i.Id == imageId && i.PostId == post.Id, ct);
            if (image is null) return "画像が見つかりません。";
            db.PostImages.Remove(image);
            return null;
        }, "post.image-removed", new { Image = imageId }, ct);

    /// <summary>PNG, JPEG, GIF or WebP by their signatures (the declared content type is not trusted).</summary>
    public static string? ImageType(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8) ? "image/gif"
        : b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>
    /// An edit other than the text: same checks as <see cref="SaveAsync(ClaimsPrincipal, Guid?, int?, PostInput, CancellationToken)"/>
    /// (editable state, rights, version), voids an approval, bumps the version, audited.
    /// </summary>
    private async Task<Result<Post>> EditAsync(ClaimsPrincipal user, Guid postId, int? expectedVersion, Func<Post, CurrentUser, Task<string?>> change,
        string action, object summary, CancellationToken ct)
    {
        var me = CurrentUser.From(user);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
        if (!PostLifecycle.Editable(post.Status)) return Result<Post>.Fail([$"「{post.Status.Label()}」の投稿は編集できません。"]);
        if (expectedVersion != post.Version) return Result<Post>.Fail([Changed(post.Version)]);
        if (!await MayEditAsync(user, post, ct)) return Result<Post>.Fail(["この投稿を編集する権限がありません。"]);
        if (await change(post, me) is { } refusal) return Result<Post>.Fail([refusal]);
        var now = time.GetUtcNow();
        var entries = new List<AuditEntry> { new(me.TenantId, me.Actor, action, "post", post.Id.ToString(), After: AuditSummary.Of(summary)) };
        VoidApproval(post, me, now, entries);
        post.Version++;
        post.UpdatedAt = now;
        post.UpdatedByName = me.DisplayName;
        post.UpdatedById = me.Id;
        return await SaveAsync(post, entries, ct);
    }

    private void VoidApproval(Post post, CurrentUser me, DateTimeOffset now, List<AuditEntry> entries)
    {
        if (post.Status != PostStatus.Approved) return;
        // Whatever was approved is no longer what would be published.
        entries.Add(new AuditEntry(me.TenantId, me.Actor, "post.approval-voided", "post", post.Id.ToString(),
            Before: AuditSummary.Of(new { Status = post.Status.Label(), post.ApprovedByName, post.ApprovedVersion })));
        db.PostDecisions.Add(Decided(post, PostAction.ApprovalVoided, me, null, now, post.Version + 1));
        post.Status = PostStatus.Draft;
        post.ApprovedById = null;
        post.ApprovedByName = null;
        post.ApprovedAt = null;
        post.ApprovedVersion = null;
        post.OverrideReason = null;
        post.OverrideByName = null;
        post.EmergencyScopeId = null;
        post.ReportDueAt = null;
    }

    /// <summary>
    /// Posts waiting for approval whose scheduled time has passed are not published: they become 承認期限切れ and
    /// their authors see them on the dashboard. Runs for every tenant (the scheduler calls it).
    /// </summary>
    public async Task<int> ExpireOverdueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var overdue = await db.Posts.IgnoreQueryFilters()
            .Where(p => p.Status == PostStatus.Submitted && p.ScheduledAt != null && p.ScheduledAt <= now)
            .Select(p => p.Id).Take(500).ToListAsync(ct);
        var count = 0;
        foreach (var id in overdue)
        {
            // One post at a time: a post approved meanwhile (concurrency token) is simply skipped.
            var post = await db.Posts.IgnoreQueryFilters().FirstAsync(p => p.Id == id, ct);
            if (post.Status != PostStatus.Submitted) continue;
            post.Status = PostStatus.Expired;
            post.UpdatedAt = now;
            db.PostDecisions.Add(new PostDecision { Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Action = PostAction.Expired,
                ByName = "Koho", At = now, Version = post.Version, Comment = "予定日時までに承認されなかったため公開しません。" });
            foreach (var t in await db.PostTargets.IgnoreQueryFilters().Where(t => t.PostId == post.Id).ToListAsync(ct)) t.Status = TargetStatus.Cancelled;
            var saved = await SaveAsync(post, [new AuditEntry(post.TenantId, AuditActor.System, "post.expired", "post", post.Id.ToString(),
                After: AuditSummary.Of(new { Status = post.Status.Label(), post.ScheduledAt }))], ct);
            if (saved.Succeeded) count++;
        }
        return count;
    }

    /// <summary>
    /// The Manual connector: staff posted by hand (an account without API), or confirmed on the platform that a
    /// failed target was in fact published — they record the post's URL. The post is 公開済 when every account is.
    /// </summary>
    public async Task<Result<PostTarget>> RecordManualAsync(ClaimsPrincipal user, Guid postId, Guid targetId, string? url, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var target = await db.PostTargets.FirstOrDefaultAsync(t => t.Id == targetId && t.PostId == postId, ct);
        if (target is null) return Result<PostTarget>.Fail(["投稿先が見つかりません。"]);
        if (target.Status is not (TargetStatus.AwaitingManual or TargetStatus.Failed))
            return Result<PostTarget>.Fail(["手動で記録できるのは「手動投稿待ち」か「失敗」の投稿先だけです。"]);
        var account = await db.OfficialAccounts.FirstAsync(a => a.Id == target.AccountId, ct);
        if (!await PostScope.CanDraftAsync(db, user, account, ct)) return Result<PostTarget>.Fail(["この公式アカウントの投稿を記録する権限がありません。"]);
        url = url?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > 1000 || !Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps)
            return Result<PostTarget>.Fail(["公開された投稿の URL（https://…）を入力してください。"]);
        var post = await db.Posts.FirstAsync(p => p.Id == postId, ct);
        var now = time.GetUtcNow();
        var before = target.Status;
        target.Status = TargetStatus.Published;
        target.ExternalId = url;
        target.Url = url;
        target.PublishedAt = now;
        target.NextAttemptAt = null;
        target.LastError = null;
        var entries = new List<AuditEntry> { new(me.TenantId, me.Actor, "post.published-manually", "post", post.Id.ToString(),
            Before: AuditSummary.Of(new { Target = before.Label() }), After: AuditSummary.Of(new { Account = account.Name, Url = url })) };
        var others = await db.PostTargets.Where(t => t.PostId == postId && t.Id != targetId).Select(t => t.Status).ToListAsync(ct);
        if (PostOutcome.Of(others.Append(target.Status).ToList()) is { } final && post.Status is PostStatus.Publishing or PostStatus.Failed && final != post.Status)
        {
            post.Status = final;
            post.UpdatedAt = now;
            entries.Add(new AuditEntry(me.TenantId, me.Actor, final == PostStatus.Published ? "post.all-published" : "post.failed", "post", post.Id.ToString(),
                After: AuditSummary.Of(new { Status = post.Status.Label() })));
        }
        try
        {
            await audit.SaveAsync(entries, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<PostTarget>.Fail(["公開処理と重なりました。画面を開き直して確かめてください。"]);
        }
        return Result<PostTarget>.Ok(target);
    }

    /// <summary>
    /// Whether this person saved any version of the post since it was last sent for approval (or ever, if it never was):
    /// read from the audit trail, so that approving words one wrote oneself is refused even after others edited later.
    /// </summary>
    private async Task<bool> EditedSinceSubmissionAsync(Post post, Guid userId, CancellationToken ct)
    {
        var target = post.Id.ToString();
        string[] edits = ["post.created", "post.edited", "post.image-added", "post.image-removed"];
        var submitted = await db.AuditRecords.Where(r => r.TargetId == target && r.Action == "post.submitted").MaxAsync(r => (long?)r.Seq, ct) ?? 0;
        var previous = await db.AuditRecords.Where(r => r.TargetId == target && r.Action == "post.submitted" && r.Seq < submitted).MaxAsync(r => (long?)r.Seq, ct) ?? 0;
        return await db.AuditRecords.AnyAsync(r => r.TargetId == target && r.ActorId == userId && edits.Contains(r.Action) && r.Seq > previous, ct);
    }

    public Task<int?> CurrentVersionAsync(Guid postId, CancellationToken ct) =>
        db.Posts.AsNoTracking().Where(p => p.Id == postId).Select(p => (int?)p.Version).FirstOrDefaultAsync(ct);

    public async Task<List<OfficialAccount>> AccountsOfAsync(Post post, CancellationToken ct)
    {
        var ids = await db.PostTargets.Where(t => t.PostId == post.Id).Select(t => t.AccountId).ToListAsync(ct);
        return await db.OfficialAccounts.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>The author, and anyone who may draft for every account of the post, may edit it.</summary>
    public async Task<bool> MayEditAsync(ClaimsPrincipal user, Post post, CancellationToken ct)
    {
        // The author too: someone moved to another department no longer edits its accounts' posts.
        foreach (var a in await AccountsOfAsync(post, ct))
            if (!await PostScope.CanDraftAsync(db, user, a, ct)) return false;
        return true;
    }

    public static string ApproverName(Koho.Packs.GuidelinePack pack) =>
        pack.Approval.Approver == "accountManager" ? "その公式アカウントの所属長（運用管理責任者）" : (pack.Offices[pack.Approval.Approver] ?? pack.Approval.Approver);

    private async Task SyncTargetsAsync(Post post, List<OfficialAccount> accounts, CancellationToken ct)
    {
        var existing = await db.PostTargets.Where(t => t.PostId == post.Id).ToListAsync(ct);
        db.PostTargets.RemoveRange(existing.Where(t => accounts.All(a => a.Id != t.AccountId)));
        foreach (var a in accounts.Where(a => existing.All(t => t.AccountId != a.Id)))
            db.PostTargets.Add(new PostTarget
            {
                Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, AccountId = a.Id, Platform = a.Platform,
                Status = TargetStatus.Pending, IdempotencyKey = Guid.NewGuid(),
            });
    }

    private async Task RecheckAsync(Post post, List<OfficialAccount> accounts, CancellationToken ct)
    {
        var tenantPack = await packs.ForTenantAsync(post.TenantId, ct);
        var ids = accounts.Select(a => a.Id).ToList();
        // The accounts' recent published texts, for the repeated-post check.
        var recent = await (from t in db.PostTargets
                            join p in db.Posts on t.PostId equals p.Id
                            where ids.Contains(t.AccountId) && t.Status == TargetStatus.Published && p.Id != post.Id
                            orderby t.PublishedAt descending
                            select p.Text).Take(20).ToListAsync(ct);
        var findings = PostFindings.Check(post.Text, post.Kind, post.ScheduledAt ?? time.GetUtcNow(), accounts.Select(a => a.Platform).ToList(),
            recent, tenantPack.Compiled);
        post.FindingsJson = PostFindings.Serialize(findings);
        post.Blocked = findings.Any(f => f.Severity == Koho.Checks.Severity.Block);
        post.PackReference = tenantPack.Reference;
    }

    private async Task<Result<Post>> SaveAsync(Post post, List<AuditEntry> entries, CancellationToken ct)
    {
        try
        {
            await audit.SaveAsync(entries, ct);
            return Result<Post>.Ok(post);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<Post>.Fail([Changed(post.Version)]);
        }
    }

    private static PostDecision Decided(Post post, PostAction action, CurrentUser me, string? comment, DateTimeOffset at, int version) => new()
    {
        Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Action = action, ById = me.Id, ByName = me.DisplayName,
        At = at, Comment = comment, Version = version,
    };

    /// <summary>Audit records hold the text's length and hash, not the text: drafts can hold what the checker flagged.</summary>
    private static object Fingerprint(string text) =>
        new { Length = text.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16] };
}
