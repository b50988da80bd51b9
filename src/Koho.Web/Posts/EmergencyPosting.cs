using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>
/// 緊急時の発信 (Musashino 2.1ウ②: 「あらかじめ所属長の承認を得た範囲内で発信し、事後に所属長に内容を報告し、確認を
/// 受ける」): the section head defines the scope in advance; within it an operator publishes at once; the report
/// follows within the pack's deadline and the section head confirms it. Packs without this rule refuse the path.
/// </summary>
public sealed class EmergencyPosting(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, PostService posts, TimeProvider time)
{
    public sealed record ScopeInput(string? Title, IReadOnlyCollection<Guid> AccountIds, IReadOnlyCollection<PostKind> Kinds, string? Templates,
        DateOnly? ValidFrom, DateOnly? ValidTo);

    public async Task<Result<EmergencyScope>> DefineAsync(ClaimsPrincipal user, ScopeInput input, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        if (!pack.Approval.Emergency.Allowed) return Result<EmergencyScope>.Fail([NotAllowed(pack)]);
        var errors = new List<string>();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200) errors.Add("範囲の名前を200文字以内で入力してください（例: 地震発生時の避難所情報）。");
        var accounts = await db.OfficialAccounts.Where(a => input.AccountIds.Contains(a.Id)).ToListAsync(ct);
        if (input.AccountIds.Count == 0 || accounts.Count != input.AccountIds.Distinct().Count()) errors.Add("公式アカウントを1つ以上選んでください。");
        foreach (var a in accounts)
            if (!await PostScope.HoldsOfficeForAsync(db, user, pack.Approval.Approver, a, ct))
                errors.Add($"「{a.Name}」の事前承認の範囲を定められるのは、その承認者（{PostService.ApproverName(pack)}）です。");
        if (input.Kinds.Count == 0) errors.Add("区分を1つ以上選んでください。");
        var templates = (input.Templates ?? "").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0).ToList();
        if (templates.Count == 0) errors.Add("文面のひな形を1つ以上入力してください（空行で区切ります。「{場所}」のように { } で囲んだ所は、発信時に書き換えられます）。");
        if (templates.Any(t => t.Length > 2000)) errors.Add("ひな形は1つ2000文字以内にしてください。");
        if (templates.Count > 20) errors.Add("ひな形は20個までです。");
        var today = Shell.JapaneseDates.TodayJst(time);
        if (input.ValidFrom is not { } from || input.ValidTo is not { } to) errors.Add("有効期間を入力してください。");
        else if (to < from) errors.Add("有効期間の終わりは始まり以降にしてください。");
        else if (to < today) errors.Add("有効期間の終わりに過去の日付は指定できません。");
        else if (from.Year >= 9999 || to > from.AddYears(1)) errors.Add("有効期間は1年以内にしてください（年度ごとに見直します）。");
        if (errors.Count > 0) return Result<EmergencyScope>.Fail(errors);

        var scope = new EmergencyScope
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, Title = title!, AccountIdsJson = JsonSerializer.Serialize(accounts.Select(a => a.Id)),
            KindsJson = JsonSerializer.Serialize(input.Kinds.Distinct().Select(k => k.ToString())), TemplatesJson = JsonSerializer.Serialize(templates),
            ValidFrom = input.ValidFrom!.Value, ValidTo = input.ValidTo!.Value, DefinedById = me.Id, DefinedByName = me.DisplayName, DefinedAt = time.GetUtcNow(),
        };
        db.EmergencyScopes.Add(scope);
        await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "emergency-scope.defined", "emergency-scope", scope.Id.ToString(),
            After: AuditSummary.Of(new { scope.Title, Accounts = accounts.Select(a => a.Name), Kinds = input.Kinds.Select(k => k.Label()), Templates = templates.Count, scope.ValidFrom, scope.ValidTo })), ct);
        return Result<EmergencyScope>.Ok(scope);
    }

    public async Task<Result<EmergencyScope>> RevokeAsync(ClaimsPrincipal user, Guid scopeId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var scope = await db.EmergencyScopes.FirstOrDefaultAsync(s => s.Id == scopeId, ct);
        if (scope is null) return Result<EmergencyScope>.Fail(["事前承認の範囲が見つかりません。"]);
        if (scope.RevokedAt is not null) return Result<EmergencyScope>.Fail(["この範囲はすでに取り消されています。"]);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        if (scope.DefinedById != me.Id && !await PostScope.CanApproveAsync(db, user, pack, await AccountsOfAsync(scope, ct), ct))
            return Result<EmergencyScope>.Fail(["この範囲を取り消せるのは、定めた所属長か、同じ承認権限を持つ職員です。"]);
        scope.RevokedAt = time.GetUtcNow();
        scope.RevokedByName = me.DisplayName;
        await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "emergency-scope.revoked", "emergency-scope", scope.Id.ToString(),
            Before: AuditSummary.Of(new { scope.Title })), ct);
        return Result<EmergencyScope>.Ok(scope);
    }

    /// <summary>Scopes in force today that cover every account of the post and its 区分.</summary>
    public async Task<List<EmergencyScope>> CoveringAsync(Post post, IReadOnlyCollection<Guid> accountIds, CancellationToken ct)
    {
        var today = Shell.JapaneseDates.TodayJst(time);
        var scopes = await db.EmergencyScopes.AsNoTracking().Where(s => s.RevokedAt == null && s.ValidFrom <= today && s.ValidTo >= today).ToListAsync(ct);
        return scopes.Where(s => accountIds.All(Accounts(s).Contains) && Kinds(s).Contains(post.Kind)).ToList();
    }

    /// <summary>
    /// Publishes a draft at once within a scope: the accounts, 区分 and a template must fit, the checker must find
    /// nothing to fix, and the report falls due within the pack's hours.
    /// </summary>
    public async Task<Result<Post>> PublishAsync(ClaimsPrincipal user, Guid postId, int? version, Guid scopeId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var tenantPack = await packs.ForTenantAsync(me.TenantId, ct);
        var pack = tenantPack.Pack;
        if (!pack.Approval.Emergency.Allowed) return Result<Post>.Fail([NotAllowed(pack)]);
        // Publishing without the approver is the municipality's staff's, within what their section head approved in
        // advance; an outside organisation's posts always go through the account manager (Joetsu 6(1)②).
        if (Contractors.OutsideAccess.IsOutside(user)) return Result<Post>.Fail(["外部の運用団体の投稿は、緊急時も運用管理責任者の承認を経て公開します。"]);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null) return Result<Post>.Fail(["投稿が見つかりません。"]);
        // A returned post was judged by the approver: it goes back to them, not around them.
        if (post.Status != PostStatus.Draft) return Result<Post>.Fail([$"「{post.Status.Label()}」の投稿は緊急発信できません（下書きから発信します）。"]);
        if (version != post.Version) return Result<Post>.Fail([PostService.Changed(post.Version)]);
        var targets = await db.PostTargets.Where(t => t.PostId == post.Id).ToListAsync(ct);
        var accounts = await db.OfficialAccounts.Where(a => targets.Select(t => t.AccountId).Contains(a.Id)).ToListAsync(ct);
        foreach (var a in accounts)
            if (!await PostScope.CanDraftAsync(db, user, a, ct)) return Result<Post>.Fail([$"「{a.Name}」の投稿を発信する権限がありません。"]);
        var scope = (await CoveringAsync(post, accounts.Select(a => a.Id).ToList(), ct)).FirstOrDefault(s => s.Id == scopeId);
        if (scope is null) return Result<Post>.Fail(["選んだ事前承認の範囲は、この投稿のアカウント・区分を含まないか、有効期間外か、取り消されています。"]);
        if (!Templates(scope).Any(t => Fits(t, post.Text)))
            return Result<Post>.Fail(["本文が、事前承認の範囲のひな形のどれにも当てはまりません。ひな形の { } 以外の部分は変えずに発信してください。"]);
        if (post.Blocked) return Result<Post>.Fail(["投稿前チェックで「要修正」の指摘があります。緊急発信では指摘を覆せません。直してから発信してください。"]);
        // Only the text is approved in advance (the templates): an image would go out unapproved.
        if (await db.PostImages.AnyAsync(i => i.PostId == post.Id, ct))
            return Result<Post>.Fail(["事前承認の範囲はひな形の文面だけです。画像を外してから発信するか、通常の承認を経てください。"]);
        if (post.ScheduledAt is { } at && at > time.GetUtcNow().AddMinutes(5))
            return Result<Post>.Fail(["緊急発信はすぐに公開します。公開予定日時を空欄にしてください。"]);

        var now = time.GetUtcNow();
        post.Status = PostStatus.Approved;
        post.ScheduledAt = null;
        post.EmergencyScopeId = scope.Id;
        post.ApprovedById = null;
        post.ApprovedByName = $"事前承認（{scope.Title}、{scope.DefinedByName}）";
        post.ApprovedAt = now;
        post.ApprovedVersion = post.Version;
        post.ReportDueAt = now.AddHours(pack.Approval.Emergency.ReportWithinHours ?? 24);
        post.UpdatedAt = now;
        db.PostDecisions.Add(new PostDecision { Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Action = PostAction.EmergencyPublished,
            ById = me.Id, ByName = me.DisplayName, At = now, Version = post.Version, Comment = scope.Title });
        return await SaveAsync(post, new AuditEntry(me.TenantId, me.Actor, "post.emergency-published", "post", post.Id.ToString(),
            After: AuditSummary.Of(new { Scope = scope.Title, post.Version, post.ReportDueAt })), ct);
    }

    /// <summary>The author's after-the-fact report to the section head (事後報告).</summary>
    public async Task<Result<Post>> ReportAsync(ClaimsPrincipal user, Guid postId, string? report, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null || post.EmergencyScopeId is null) return Result<Post>.Fail(["緊急発信した投稿が見つかりません。"]);
        if (post.ReportedAt is not null) return Result<Post>.Fail(["事後報告はすでに提出されています。"]);
        if (post.AuthorId != me.Id && !await posts.MayEditAsync(user, post, ct)) return Result<Post>.Fail(["事後報告を提出できるのは、発信した担当者です。"]);
        report = report?.Trim();
        if (string.IsNullOrEmpty(report) || report.Length > 4000) return Result<Post>.Fail(["報告の内容（発信した理由・状況・反応など）を4000文字以内で入力してください。"]);
        var now = time.GetUtcNow();
        post.ReportText = report;
        post.ReportedAt = now;
        post.Version++; // a concurrency token: of two reports at once, one is saved
        db.PostDecisions.Add(new PostDecision { Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Action = PostAction.Reported,
            ById = me.Id, ByName = me.DisplayName, At = now, Version = post.Version, Comment = report });
        return await SaveAsync(post, new AuditEntry(me.TenantId, me.Actor, "post.emergency-reported", "post", post.Id.ToString(),
            After: AuditSummary.Of(new { Late = now > post.ReportDueAt })), ct);
    }

    /// <summary>The section head confirms the report (「確認を受ける」).</summary>
    public async Task<Result<Post>> ConfirmAsync(ClaimsPrincipal user, Guid postId, string? comment, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null || post.EmergencyScopeId is null) return Result<Post>.Fail(["緊急発信した投稿が見つかりません。"]);
        if (post.ReportedAt is null) return Result<Post>.Fail(["まだ事後報告が提出されていません。"]);
        if (post.ReportConfirmedAt is not null) return Result<Post>.Fail(["事後報告はすでに確認済みです。"]);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        if (await ConfirmRefusalAsync(user, post, pack, ct) is { } refusal) return Result<Post>.Fail([refusal]);
        comment = comment?.Trim();
        if (comment is { Length: > 2000 }) return Result<Post>.Fail(["コメントは2000文字以内にしてください。"]);
        var now = time.GetUtcNow();
        post.ReportConfirmedAt = now;
        post.ReportConfirmedByName = me.DisplayName;
        post.Version++;
        db.PostDecisions.Add(new PostDecision { Id = Guid.NewGuid(), TenantId = post.TenantId, PostId = post.Id, Action = PostAction.ReportConfirmed,
            ById = me.Id, ByName = me.DisplayName, At = now, Version = post.Version, Comment = comment });
        return await SaveAsync(post, new AuditEntry(me.TenantId, me.Actor, "post.emergency-report-confirmed", "post", post.Id.ToString(),
            After: AuditSummary.Of(new { Comment = comment })), ct);
    }

    /// <summary>
    /// Who confirms an emergency post's report: a holder of the pack's <c>emergency.reportTo</c> office for every account
    /// of the post — never whoever published or reported it. Null when this user may; otherwise why not.
    /// </summary>
    public async Task<string?> ConfirmRefusalAsync(ClaimsPrincipal user, Post post, Koho.Packs.GuidelinePack pack, CancellationToken ct)
    {
        var me = CurrentUser.From(user);
        var involved = await db.PostDecisions.Where(d => d.PostId == post.Id && (d.Action == PostAction.EmergencyPublished || d.Action == PostAction.Reported))
            .Select(d => d.ById).ToListAsync(ct);
        if (post.AuthorId == me.Id || involved.Contains(me.Id)) return "自分が発信または報告した緊急発信の事後報告は確認できません。";
        var reportTo = pack.Approval.Emergency.ReportTo ?? pack.Approval.Approver;
        foreach (var a in await posts.AccountsOfAsync(post, ct))
            if (!await PostScope.HoldsOfficeForAsync(db, user, reportTo, a, ct)) return $"事後報告を確認するのは{OfficeName(pack, reportTo)}です。";
        return null;
    }

    private static string OfficeName(Koho.Packs.GuidelinePack pack, string key) =>
        key == "accountManager" ? "その公式アカウントの所属長（運用管理責任者）" : pack.Offices[key] ?? key;

    public static List<Guid> Accounts(EmergencyScope s) => JsonSerializer.Deserialize<List<Guid>>(s.AccountIdsJson) ?? [];

    public static List<PostKind> Kinds(EmergencyScope s) =>
        (JsonSerializer.Deserialize<List<string>>(s.KindsJson) ?? []).Select(k => Enum.TryParse<PostKind>(k, out var v) ? v : (PostKind?)null)
        .Where(k => k is not null).Select(k => k!.Value).ToList();

    public static List<string> Templates(EmergencyScope s) => JsonSerializer.Deserialize<List<string>>(s.TemplatesJson) ?? [];

    /// <summary>
    /// Whether a text is the template with its {…} parts filled in (each with up to 200 characters of one line); the
    /// rest must be exactly the template's. Non-backtracking, so no text can make it slow.
    /// </summary>
    public static bool Fits(string template, string text)
    {
        var pattern = "^" + string.Concat(Regex.Split(template.Replace("\r\n", "\n").Trim(), @"(\{[^{}\n]{1,40}\})")
            .Select(part => part.StartsWith('{') && part.EndsWith('}') ? @"[^\n]{1,200}" : Regex.Escape(part))) + "$";
        return Regex.IsMatch(text.Replace("\r\n", "\n").Trim(), pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private async Task<List<OfficialAccount>> AccountsOfAsync(EmergencyScope scope, CancellationToken ct)
    {
        var ids = Accounts(scope);
        return await db.OfficialAccounts.Where(a => ids.Contains(a.Id)).ToListAsync(ct);
    }

    private static string NotAllowed(Koho.Packs.GuidelinePack pack) =>
        $"{pack.Title}には、あらかじめ承認された範囲で即時に発信し事後に報告する定めがありません。通常の承認を経て発信してください。";

    private async Task<Result<Post>> SaveAsync(Post post, AuditEntry entry, CancellationToken ct)
    {
        try
        {
            await audit.SaveAsync(entry, ct);
            return Result<Post>.Ok(post);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<Post>.Fail([PostService.Changed(post.Version)]);
        }
    }
}
