using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>
/// One post: its editor while it can change (findings and per-platform previews beside it), the approver's decision
/// while it waits, and its history. Every change redirects back here (a reload repeats nothing).
/// </summary>
// Larger than an image may be, so that an oversized file gets a message rather than a bare 413.
[RequestSizeLimit(4 * PostService.MaxImageBytes)]
public sealed class PostDetailsModel(KohoDbContext db, PostService posts, EmergencyPosting emergency, PostCorrections corrections, Publishing.PublishSignal publishNow,
    GuidelinePackService packs, TimeProvider time) : PageModel
{
    public Post Post { get; private set; } = null!;
    public List<OfficialAccount> Accounts { get; private set; } = [];
    public List<OfficialAccount> Draftable { get; private set; } = [];
    public List<PostTarget> Targets { get; private set; } = [];
    public List<PostImage> Images { get; private set; } = [];
    public List<PostDecision> History { get; private set; } = [];
    public List<PostFinding> Findings { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>Scopes approved in advance that cover this draft (緊急時の発信), when the pack allows the path.</summary>
    public List<EmergencyScope> Scopes { get; private set; } = [];
    public bool CanConfirmReport { get; private set; }
    /// <summary>訂正: the pack's rule (delete / keep / by-impact), whether this user may correct, and the links both ways.</summary>
    public string CorrectionRule { get; private set; } = "by-impact";
    public bool CanCorrect { get; private set; }
    public Post? CorrectionOf { get; private set; }
    /// <summary>The incident this post answers (第n号), if it was drafted from one.</summary>
    public int? IncidentNumber { get; private set; }
    public List<Post> Corrections { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    /// <summary>Accounts of the post this user may record a hand-made post for.</summary>
    public HashSet<Guid> CanRecord { get; private set; } = [];
    public bool CanDecide { get; private set; }
    public bool CanOverride { get; private set; }
    public string ApproverName { get; private set; } = "";
    public Guid Me { get; private set; }
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }
    [BindProperty] public PostForm Form { get; set; } = new();
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Saved = Done;
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int version, CancellationToken ct) =>
        await AfterAsync(id, await posts.SaveAsync(User, id, version, Form.Input(), ct), "下書きを保存しました。", keepForm: true, ct);

    /// <summary>Saves what is in the editor, then asks for approval.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(Guid id, int version, CancellationToken ct)
    {
        var saved = await posts.SaveAsync(User, id, version, Form.Input(), ct);
        if (!saved.Succeeded) return await AfterAsync(id, saved, "", keepForm: true, ct);
        return await AfterAsync(id, await posts.SubmitAsync(User, id, saved.Value!.Version, ct), "承認を依頼しました。", keepForm: false, ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, int version, Decision? decision, string? comment, string? overrideReason, CancellationToken ct)
    {
        var message = decision switch { Decision.Approve => "承認しました。", Decision.Return => "差し戻しました。", _ => "却下しました。" };
        return await AfterAsync(id, await posts.DecideAsync(User, id, version, decision, comment, overrideReason, ct), message, keepForm: false, ct);
    }

    public async Task<IActionResult> OnPostImageAsync(Guid id, int version, IFormFile? image, string? altText, CancellationToken ct)
    {
        if (image is { Length: > PostService.MaxImageBytes })
            return await AfterAsync(id, Result<Post>.Fail([$"画像は{PostService.MaxImageBytes / 1024 / 1024}MB以下にしてください。"]), "", keepForm: false, ct);
        byte[] content = [];
        if (image is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await image.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        return await AfterAsync(id, await posts.AddImageAsync(User, id, version, image?.FileName, content, altText, ct), "画像を追加しました。", keepForm: false, ct);
    }

    public async Task<IActionResult> OnPostRemoveImageAsync(Guid id, int version, Guid imageId, CancellationToken ct) =>
        await AfterAsync(id, await posts.RemoveImageAsync(User, id, version, imageId, ct), "画像を外しました。", keepForm: false, ct);

    /// <summary>Saves what is in the editor, then publishes it at once within the chosen scope.</summary>
    public async Task<IActionResult> OnPostEmergencyAsync(Guid id, int version, Guid scopeId, CancellationToken ct)
    {
        var saved = await posts.SaveAsync(User, id, version, Form.Input(), ct);
        if (!saved.Succeeded) return await AfterAsync(id, saved, "", keepForm: true, ct);
        var result = await emergency.PublishAsync(User, id, saved.Value!.Version, scopeId, ct);
        if (result.Succeeded) await publishNow.PokeAsync(ct);
        return await AfterAsync(id, result, "事前承認の範囲内で発信しました。期限までに所属長へ事後報告をしてください。", keepForm: false, ct);
    }

    public async Task<IActionResult> OnPostReportAsync(Guid id, string? report, CancellationToken ct) =>
        await AfterAsync(id, await emergency.ReportAsync(User, id, report, ct), "事後報告を提出しました。", keepForm: false, ct);

    public async Task<IActionResult> OnPostConfirmReportAsync(Guid id, string? comment, CancellationToken ct) =>
        await AfterAsync(id, await emergency.ConfirmAsync(User, id, comment, ct), "事後報告を確認しました。", keepForm: false, ct);

    public async Task<IActionResult> OnPostCorrectAsync(Guid id, bool serious, string? reason, CancellationToken ct)
    {
        var result = await corrections.CorrectAsync(User, id, serious, reason, ct);
        if (result.Succeeded)
        {
            Done = "訂正の下書きを作りました。正しい内容を書き、承認を依頼してください。";
            return Redirect($"/posts/{result.Value!.Id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeletedAsync(Guid id, Guid targetId, CancellationToken ct)
    {
        var result = await corrections.ConfirmManualDeletionAsync(User, id, targetId, ct);
        if (result.Succeeded)
        {
            Done = "削除したことを記録しました。";
            return Redirect($"/posts/{id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostManualAsync(Guid id, Guid targetId, string? url, CancellationToken ct)
    {
        var result = await posts.RecordManualAsync(User, id, targetId, url, ct);
        if (result.Succeeded)
        {
            Done = "公開した投稿の URL を記録しました。";
            return Redirect($"/posts/{id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, fillForm: true, ct) ? Page() : NotFound();
    }

    /// <summary>The image itself, for the preview (only within the tenant: the query filter sees to that).</summary>
    public async Task<IActionResult> OnGetImageAsync(Guid id, Guid imageId, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null || !await MayViewAsync(post, ct)) return NotFound();
        var image = await db.PostImages.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId && i.PostId == id, ct);
        if (image is null) return NotFound();
        Response.Headers.CacheControl = "private, max-age=300";
        return File(image.Content, image.ContentType);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Result<Post> result, string message, bool keepForm, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Done = message;
            return Redirect($"/posts/{id}");
        }
        Errors.AddRange(result.Errors);
        // On a refused save the editor keeps what was typed, so nothing is lost.
        return await LoadAsync(id, fillForm: !keepForm, ct) ? Page() : NotFound();
    }

    /// <summary>
    /// Drafts are for those who work on them: the author, anyone who may edit or decide it, the PR office,
    /// administrators and auditors. Once published it is a public record.
    /// </summary>
    private async Task<bool> MayViewAsync(Post post, CancellationToken ct)
    {
        // An outside organisation's people: posts all of whose accounts are entrusted to it, whatever their state.
        if (await Contractors.OutsideAccess.AccountIdsAsync(db, User, ct) is { } entrusted)
        {
            var accounts = await db.PostTargets.AsNoTracking().Where(t => t.PostId == post.Id).Select(t => t.AccountId).ToListAsync(ct);
            return accounts.Count > 0 && accounts.All(entrusted.Contains);
        }
        if (post.AuthorId == CurrentUser.From(User).Id || User.IsInRole(KohoRoles.PrOffice) || User.IsInRole(KohoRoles.Administrator) || User.IsInRole(KohoRoles.Auditor))
            return true;
        if (await db.PostTargets.AnyAsync(t => t.PostId == post.Id && t.Status == TargetStatus.Published, ct)) return true;
        if (await posts.MayEditAsync(User, post, ct)) return true;
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        return await PostScope.CanApproveAsync(db, User, pack, await posts.AccountsOfAsync(post, ct), ct);
    }

    private async Task<bool> LoadAsync(Guid id, bool fillForm, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (post is null || !await MayViewAsync(post, ct)) return false;
        Post = post;
        Targets = await db.PostTargets.AsNoTracking().Where(t => t.PostId == id).ToListAsync(ct);
        var ids = Targets.Select(t => t.AccountId).ToList();
        Accounts = await db.OfficialAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Name).ToListAsync(ct);
        Images = await db.PostImages.AsNoTracking().Where(i => i.PostId == id).OrderBy(i => i.Position).ToListAsync(ct);
        History = await db.PostDecisions.AsNoTracking().Where(d => d.PostId == id).OrderBy(d => d.At).ToListAsync(ct);
        Findings = PostFindings.Deserialize(post.FindingsJson);
        CanEdit = PostLifecycle.Editable(post.Status) && await posts.MayEditAsync(User, post, ct);
        foreach (var a in Accounts)
            if (await PostScope.CanDraftAsync(db, User, a, ct)) CanRecord.Add(a.Id);
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        ApproverName = PostService.ApproverName(pack);
        var me = Me = CurrentUser.From(User).Id;
        CanDecide = post.Status == PostStatus.Submitted && post.AuthorId != me && await PostScope.CanApproveAsync(db, User, pack, Accounts, ct);
        CanOverride = CanDecide && post.Blocked && await PostScope.CanOverrideAsync(db, User, pack, Accounts, ct);
        if (CanEdit)
        {
            Draftable = await PostPages.DraftableAsync(db, User, ct);
            // Accounts already on the post stay listed even if the editor could not add them now.
            Draftable.AddRange(Accounts.Where(a => Draftable.All(d => d.Id != a.Id)));
        }
        Now = time.GetUtcNow();
        CorrectionRule = pack.Approval.Corrections.ErroneousPost;
        CorrectionOf = post.CorrectionOfId is { } of ? await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == of, ct) : null;
        IncidentNumber = post.IncidentId is { } inc ? await db.Incidents.AsNoTracking().Where(i => i.Id == inc).Select(i => (int?)i.Number).FirstOrDefaultAsync(ct) : null;
        Corrections = await db.Posts.AsNoTracking().Where(p => p.CorrectionOfId == id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        CanCorrect = Targets.Any(t => t.Status == TargetStatus.Published) && Accounts.All(a => CanRecord.Contains(a.Id))
                     && Corrections.All(c => c.Status is PostStatus.Rejected or PostStatus.Expired);
        if (CanEdit && post.Status is PostStatus.Draft or PostStatus.Returned && pack.Approval.Emergency.Allowed && !Contractors.OutsideAccess.IsOutside(User))
            Scopes = await emergency.CoveringAsync(post, ids, ct);
        CanConfirmReport = post.EmergencyScopeId is not null && post.ReportedAt is not null && post.ReportConfirmedAt is null
                           && await emergency.ConfirmRefusalAsync(User, post, pack, ct) is null;
        if (fillForm) Form = new PostForm
        {
            Text = post.Text, Kind = post.Kind, Accounts = ids,
            ScheduledAt = post.ScheduledAt is { } at ? Shell.JapaneseDates.ToJst(at).DateTime : null,
        };
        return true;
    }
}
