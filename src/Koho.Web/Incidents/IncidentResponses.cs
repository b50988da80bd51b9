using System.Security.Claims;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.PublicDirectory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.Incidents;

/// <summary>What kind of post an incident drafts.</summary>
public enum ResponseDraft
{
    /// <summary>なりすましへの注意喚起.</summary>
    ImpersonationNotice,
    /// <summary>対応中のお知らせ (Joetsu 6(2): 対応に時間を要する場合は、その旨の書き込み).</summary>
    Holding,
    /// <summary>説明.</summary>
    Explanation,
    /// <summary>訂正.</summary>
    Correction,
    /// <summary>お詫び.</summary>
    Apology,
    /// <summary>乗っ取りからの復旧のお知らせ.</summary>
    HijackRecovery,
}

/// <summary>
/// The public side of an incident: the なりすまし warning on the public directory, posts drafted from templates (they go
/// through the normal approval or the emergency path like any post), and the stop switch for a hijacked account. Each
/// is done through the feature that owns it (ImpersonationWarnings, PostService, PublishingPauses) and recorded on the
/// incident in the same transaction.
/// </summary>
public sealed class IncidentResponses(KohoDbContext db, AuditTrail audit, TimeProvider time, IncidentService incidents, IncidentScope scope,
    ImpersonationWarnings warnings, PostService posts, PublishingPauses pauses, IOptions<PublishingOptions> publishing,
    Microsoft.AspNetCore.Authorization.IAuthorizationService authorization)
{
    public static IReadOnlyList<ResponseDraft> DraftsFor(IncidentType type) => type switch
    {
        IncidentType.Impersonation => [ResponseDraft.ImpersonationNotice],
        IncidentType.Flaming => [ResponseDraft.Holding, ResponseDraft.Explanation, ResponseDraft.Apology],
        IncidentType.Misinformation => [ResponseDraft.Correction, ResponseDraft.Apology, ResponseDraft.Explanation],
        IncidentType.Hijacking => [ResponseDraft.HijackRecovery],
        _ => [],
    };

    public static string Label(ResponseDraft d) => d switch
    {
        ResponseDraft.ImpersonationNotice => "なりすましへの注意喚起",
        ResponseDraft.Holding => "対応中のお知らせ",
        ResponseDraft.Explanation => "説明",
        ResponseDraft.Correction => "訂正",
        ResponseDraft.Apology => "お詫び",
        ResponseDraft.HijackRecovery => "不正利用と復旧のお知らせ",
        _ => d.ToString(),
    };

    /// <summary>Puts the impostor on the public directory's なりすまし warning (PR office, IT office, administrators, or the incident's chain).</summary>
    public async Task<Result<ImpersonationWarning>> RaiseWarningAsync(ClaimsPrincipal user, Guid incidentId, string? message, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<ImpersonationWarning>.Fail(["インシデントが見つかりません。"]);
        if (incident.Type != IncidentType.Impersonation) return Result<ImpersonationWarning>.Fail(["公開一覧への注意の掲載は、なりすましのインシデントで行います。"]);
        if (incident.Status != IncidentStatus.Open) return Result<ImpersonationWarning>.Fail(["終結したインシデントです。"]);
        if (!await MayWarnAsync(user, incident, ct)) return Result<ImpersonationWarning>.Fail(["公開一覧に注意を掲載する権限がありません（広報・情報政策の担当、またはこの件の報告先）。"]);
        if (incident.WarningId is not null) return Result<ImpersonationWarning>.Fail(["このインシデントの注意はすでに掲載しています。"]);

        var result = await audit.InTransactionAsync(async () =>
        {
            var raised = await warnings.RaiseAsync(me.TenantId, incident.ImpostorPlatform, incident.ImpostorHandle, incident.AccountId, message, me.Actor, ct, incident.Id);
            if (!raised.Succeeded) return (raised, false);
            var tracked = await db.Incidents.FirstAsync(i => i.Id == incidentId, ct);
            tracked.WarningId = raised.Value!.Id;
            IncidentTimeline.Add(db, tracked, me.Id, me.DisplayName, "warning-raised", $"公開の公式アカウント一覧になりすましの注意を掲載（{tracked.ImpostorHandle}）", time.GetUtcNow());
            IncidentService.Touch(tracked);
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "incident.warning-raised", "incident", tracked.Id.ToString(),
                After: AuditSummary.Of(new { tracked.Number, tracked.ImpostorHandle }))], ct);
            return (raised, true);
        }, ct);
        await warnings.EvictAsync(ct);
        return result;
    }

    public async Task<Result<ImpersonationWarning>> ClearWarningAsync(ClaimsPrincipal user, Guid incidentId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident?.WarningId is not { } warningId) return Result<ImpersonationWarning>.Fail(["このインシデントが掲載した注意はありません。"]);
        if (!await MayWarnAsync(user, incident, ct)) return Result<ImpersonationWarning>.Fail(["公開一覧の注意を解除する権限がありません。"]);
        // ImpersonationWarnings.ClearAsync records the clearing on the incident too (it is cleared the same way from /accounts/impersonation).
        var cleared = await warnings.ClearAsync(me.TenantId, warningId, me.Actor, ct);
        return cleared;
    }

    /// <summary>Drafts a post from the template for the chosen accounts; it is an ordinary draft from then on.</summary>
    public async Task<Result<Post>> DraftAsync(ClaimsPrincipal user, Guid incidentId, ResponseDraft? kind, IReadOnlyCollection<Guid> accountIds, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<Post>.Fail(["インシデントが見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<Post>.Fail(["終結したインシデントです。"]);
        if (kind is not { } k || !DraftsFor(incident.Type).Contains(k)) return Result<Post>.Fail(["作成する投稿の種類を選んでください。"]);
        if (!await incidents.IsResponderAsync(user, incident, ct)) return Result<Post>.Fail(["このインシデントの対応者だけが投稿を作成できます。"]);
        var ids = accountIds.Count > 0 ? accountIds : incident.AccountId is { } a ? [a] : [];
        var tenantName = await db.Tenants.Where(t => t.Id == me.TenantId).Select(t => t.Name).FirstAsync(ct);
        var text = await TemplateAsync(incident, k, tenantName, ct);

        return await audit.InTransactionAsync(async () =>
        {
            var saved = await posts.SaveAsync(user, null, null, new PostInput(text, PostKind.Normal, null, ids.ToList()), ct);
            if (!saved.Succeeded) return (saved, false);
            var post = saved.Value!; // tracked by this context
            post.IncidentId = incidentId;
            var tracked = await db.Incidents.FirstAsync(i => i.Id == incidentId, ct);
            IncidentTimeline.Add(db, tracked, me.Id, me.DisplayName, "post-drafted", $"{Label(k)}の投稿を下書き（承認を経て公開されます）", time.GetUtcNow());
            IncidentService.Touch(tracked);
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "incident.post-drafted", "incident", tracked.Id.ToString(),
                After: AuditSummary.Of(new { tracked.Number, Kind = Label(k), Post = post.Id }))], ct);
            return (Result<Post>.Ok(post), true);
        }, ct);
    }

    /// <summary>乗っ取り: stops everything scheduled for the hijacked account in one step (the stop switch, resumed at /posts/pause).</summary>
    public async Task<Result<PublishingPause>> PauseAccountAsync(ClaimsPrincipal user, Guid incidentId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<PublishingPause>.Fail(["インシデントが見つかりません。"]);
        if (incident.Type != IncidentType.Hijacking || incident.AccountId is not { } accountId)
            return Result<PublishingPause>.Fail(["アカウントの発信停止は、公式アカウントの乗っ取りのインシデントで行います。"]);
        if (incident.Status != IncidentStatus.Open) return Result<PublishingPause>.Fail(["終結したインシデントです。"]);
        if (!await MayPauseAsync(user, incident, ct))
            return Result<PublishingPause>.Fail(["発信を停止できるのは、この件の報告先（所属長など）と、広報・情報セキュリティの担当です。"]);
        return await audit.InTransactionAsync(async () =>
        {
            var paused = await pauses.PauseAsync(me.TenantId, accountId, $"乗っ取りの対応中（インシデント{incident.Number()}）", me.Actor, ct);
            if (!paused.Succeeded) return (paused, false);
            var tracked = await db.Incidents.FirstAsync(i => i.Id == incidentId, ct);
            tracked.PauseId = paused.Value!.Id;
            IncidentTimeline.Add(db, tracked, me.Id, me.DisplayName, "paused", "このアカウントの予約投稿・公開をすべて停止（停止スイッチ）", time.GetUtcNow());
            IncidentService.Touch(tracked);
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "incident.account-paused", "incident", tracked.Id.ToString(),
                After: AuditSummary.Of(new { tracked.Number, Pause = paused.Value.Id }))], ct);
            return (paused, true);
        }, ct);
    }

    /// <summary>Directory warnings: those who raise them anyway (the WarnImpersonation roles) and the incident's chain — never merely its reporter.</summary>
    /// <param name="holdsChainOffice">When the caller already knows it (the incident page has the chain loaded).</param>
    public async Task<bool> MayWarnAsync(ClaimsPrincipal user, Incident incident, CancellationToken ct, bool? holdsChainOffice = null) =>
        (await authorization.AuthorizeAsync(user, resource: null, KohoPolicies.WarnImpersonation)).Succeeded
        || (holdsChainOffice ?? await scope.HoldsChainOfficeAsync(user, incident, ct));

    /// <summary>The stop switch: those who may pause anyway (the PausePublishing roles) and the incident's chain.</summary>
    public async Task<bool> MayPauseAsync(ClaimsPrincipal user, Incident incident, CancellationToken ct, bool? holdsChainOffice = null) =>
        (await authorization.AuthorizeAsync(user, resource: null, KohoPolicies.PausePublishing)).Succeeded
        || (holdsChainOffice ?? await scope.HoldsChainOfficeAsync(user, incident, ct));

    private async Task<string> TemplateAsync(Incident incident, ResponseDraft kind, string municipality, CancellationToken ct)
    {
        var directory = publishing.Value.PublicBaseUrl is { Length: > 0 } b ? $"{b.TrimEnd('/')}/directory" : null;
        var day = Shell.JapaneseDates.ToJst(incident.OpenedAt);
        var date = $"{day.Month}月{day.Day}日";
        var platform = incident.ImpostorPlatform?.Label() ?? "SNS";
        string? original = null;
        if (incident.AccountId is { } id) original = await db.OfficialAccounts.Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(ct);
        return kind switch
        {
            ResponseDraft.ImpersonationNotice =>
                $"【ご注意ください】{platform}で{municipality}の公式アカウントを装った「{incident.ImpostorHandle}」というアカウントが確認されています。{municipality}とは関係ありません。フォローや返信、リンクを開くことはお控えください。"
                + (directory is null ? "" : $"\n{municipality}の公式アカウントは公式アカウント一覧でご確認いただけます。\n{directory}"),
            ResponseDraft.Holding => $"{incident.Title}について、多くのご意見をいただいています。現在、事実関係を確認しています。確認でき次第、改めてお知らせします。",
            ResponseDraft.Explanation => $"{incident.Title}について、{municipality}からご説明します。\n【事実関係と{municipality}の考えを記入してください】",
            ResponseDraft.Correction => $"【訂正】{original ?? "このアカウント"}で{date}ごろお知らせした内容に誤りがありました。正しくは次のとおりです。\n（誤）【記入】\n（正）【記入】\nお詫びして訂正いたします。",
            ResponseDraft.Apology => $"【お詫び】{incident.Title}について、ご迷惑とご心配をおかけしましたことを深くお詫び申し上げます。\n【経緯と今後の対応を記入してください】",
            ResponseDraft.HijackRecovery =>
                $"【お知らせ】{date}ごろ、このアカウントが第三者に不正に利用され、{municipality}が意図しない投稿が行われました。不正な投稿は削除し、アカウントは復旧しています。その間の投稿に記載されたリンクは開かないでください。ご心配をおかけし、申し訳ありません。",
            _ => "",
        };
    }
}
