using System.Security.Claims;
using System.Security.Cryptography;
using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Notifications;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.Watch;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

public sealed record IncidentInput(IncidentType? Type, string? Title, string? Description, Guid? AccountId,
    Platform? ImpostorPlatform = null, string? ImpostorHandle = null, Guid? MentionId = null, Guid? AlertId = null);

/// <summary>
/// Opening an incident starts the pack's playbook for its type: the steps (who, by when, what must be recorded) and
/// the escalation chain are copied onto the incident, the first level of the chain is told at once. Every change is
/// validated first, saved with its timeline entry and audit record in one transaction, or not at all.
/// </summary>
public sealed class IncidentService(KohoDbContext db, AuditTrail audit, TimeProvider time, GuidelinePackService packs,
    IncidentScope scope, EscalationChain chain, WatchService watch)
{
    public const int MaxEvidenceBytes = 10 * 1024 * 1024;

    public async Task<Result<Incident>> OpenAsync(ClaimsPrincipal user, IncidentInput input, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var errors = new List<string>();
        var title = input.Title?.Trim() ?? "";
        var description = (input.Description ?? "").Replace("\r\n", "\n").Trim();
        if (input.Type is not { } type || !Enum.IsDefined(type)) { errors.Add("インシデントの種類を選んでください。"); type = default; }
        if (title.Length == 0 || title.Length > 200) errors.Add("件名を200文字以内で入力してください。");
        if (description.Length == 0 || description.Length > 4000) errors.Add("何が起きたか（発見の経緯・内容）を4000文字以内で入力してください。");
        OfficialAccount? account = null;
        if (input.AccountId is { } accountId)
        {
            account = await db.OfficialAccounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
            if (account is null) errors.Add("公式アカウントが見つかりません。");
            else if (!await scope.CanReportOnAsync(user, account, ct)) errors.Add($"「{account.Name}」のインシデントを報告する権限がありません（そのアカウントの運用担当者・所属長・広報・情報政策・情報セキュリティ担当）。");
        }
        else if (input.Type is IncidentType.Hijacking or IncidentType.Flaming or IncidentType.Misinformation)
        {
            errors.Add($"{input.Type.Value.Label()}は対象の公式アカウントを選んでください。");
        }
        var handle = input.ImpostorHandle?.Trim();
        if (input.Type == IncidentType.Impersonation)
        {
            if (input.ImpostorPlatform is not { } p || !Enum.IsDefined(p)) errors.Add("なりすましアカウントのある SNS を選んでください。");
            if (string.IsNullOrEmpty(handle) || handle.Length > 200 || handle.Any(char.IsControl)) errors.Add("なりすましアカウントの名前（@から始まるアカウント名など）を200文字以内で入力してください。");
        }
        else handle = null;

        var tenantPack = await packs.ForTenantAsync(me.TenantId, ct);
        var playbook = input.Type is { } t0 ? tenantPack.Pack.Incidents.FirstOrDefault(p => p.Type == t0.PackKey()) : null;
        if (input.Type is { } t1 && playbook is null) errors.Add($"ガイドライン（{tenantPack.Pack.Title}）に{t1.Label()}の手順がありません。");
        var department = account?.DepartmentId ?? await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        if (department is null) errors.Add("対象の公式アカウントを選ぶか、あなたの所属を登録してから報告してください（統計と所属長への連絡に使います）。");
        Mention? mention = null;
        if (input.MentionId is { } mid)
        {
            mention = await db.Mentions.FirstOrDefaultAsync(m => m.Id == mid, ct);
            if (mention is null || !await watch.MaySeeMentionAsync(user, mention, ct)) { errors.Add("受信箱の記述が見つかりません。"); mention = null; }
            else if (mention.Status == MentionStatus.Incident) errors.Add("この記述からはすでにインシデントを登録しています。");
            else if (account?.Id != mention.AccountId) errors.Add("受信箱の記述からは、その記述のあった公式アカウントについて登録してください。");
        }
        WatchAlert? alert = null;
        if (input.AlertId is { } aid)
        {
            alert = await db.WatchAlerts.FirstOrDefaultAsync(a => a.Id == aid, ct);
            if (alert is null || !await watch.MaySeeAlertAsync(user, alert, ct)) { errors.Add("監視の通知が見つかりません。"); alert = null; }
            else if (alert.Status != WatchAlertStatus.Open) errors.Add("この通知はすでに対応済みです。");
        }
        if (errors.Count > 0) return Result<Incident>.Fail(errors);
        // An account run by an outside organisation: the incident names it wherever it is listed (the account manager stays responsible).
        (Guid Id, string Name)? runBy = account is null ? null
            : (await Contractors.OutsideAccess.RunByAsync(db, ct, account.Id))[account.Id].Select(r => ((Guid Id, string Name)?)r).FirstOrDefault();

        try
        {
            // The number is taken under the audit trail's lock, so two reports at the same moment get 第n号 and 第n+1号.
            return await audit.InTransactionAsync(async () =>
            {
                var now = time.GetUtcNow();
                var number = (await db.Incidents.Where(i => i.TenantId == me.TenantId).MaxAsync(i => (int?)i.Number, ct) ?? 0) + 1;
                var incident = new Incident
                {
                    Number = number,
                    Id = Guid.NewGuid(), TenantId = me.TenantId, Type = type, Title = title, Description = description, AccountId = account?.Id,
                    DepartmentId = department!.Value, Status = IncidentStatus.Open, OpenedAt = now, OpenedById = me.Id, OpenedByName = me.DisplayName,
                    PackReference = tenantPack.Reference, AcknowledgeWithinMinutes = playbook!.AcknowledgeWithinMinutes,
                    ImpostorPlatform = type == IncidentType.Impersonation ? input.ImpostorPlatform : null, ImpostorHandle = handle, Version = 1,
                    OutsideOrganizationId = runBy?.Id, OutsideOrganizationName = runBy?.Name,
                };
                db.Incidents.Add(incident);
                var position = 0;
                foreach (var step in playbook.Steps)
                    db.IncidentSteps.Add(new IncidentStep
                    {
                        Id = Guid.NewGuid(), TenantId = me.TenantId, IncidentId = incident.Id, Position = position++, StepKey = step.Id, Action = step.Action,
                        Actor = step.Actor, Record = step.Record, DueAt = step.WithinHours is { } h ? now.AddHours(h) : null,
                    });
                var levels = playbook.Escalation.Select((office, level) => new IncidentEscalation
                {
                    Id = Guid.NewGuid(), TenantId = me.TenantId, IncidentId = incident.Id, Level = level, Office = office,
                }).ToList();
                db.IncidentEscalations.AddRange(levels);
                Timeline(incident, me.Id, me.DisplayName, "opened", $"{type.Label()}として登録（{tenantPack.Pack.Title} {tenantPack.Reference} の手順 {playbook.Steps.Count} 件）", now);
                if (mention is not null)
                {
                    mention.Status = MentionStatus.Incident;
                    mention.IncidentId = incident.Id;
                    mention.TriagedAt = now;
                    mention.TriagedByName = me.DisplayName;
                    Timeline(incident, me.Id, me.DisplayName, "from-mention", $"受信箱の記述から登録: {mention.AuthorHandle}「{Clip(mention.Text, 80)}」", now);
                }
                if (alert is not null)
                {
                    alert.Status = WatchAlertStatus.Incident;
                    alert.IncidentId = incident.Id;
                    alert.ResolvedAt = now;
                    alert.ResolvedByName = me.DisplayName;
                    Timeline(incident, me.Id, me.DisplayName, "from-alert", $"監視の通知から登録: {alert.Explanation}", now);
                }
                if (levels.Count > 0) await chain.NotifyLevelAsync(incident, levels[0], tenantPack.Pack, reason: null, now, ct);
                await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "incident.opened", "incident", incident.Id.ToString(),
                    After: AuditSummary.Of(new { incident.Number, Type = type.Label(), incident.Title, Account = account?.Name, incident.PackReference, incident.ImpostorHandle,
                        Mention = mention?.Id, Alert = alert?.Id, OutsideOrganization = runBy?.Name }))], ct);
                return (Result<Incident>.Ok(incident), true);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<Incident>.Fail(["同じ記述・通知から、他の人が先にインシデントを登録しました。一覧を確かめてください。"]);
        }
    }

    /// <summary>Marks a playbook step done (or not applicable, with the reason) by whoever the step names.</summary>
    public async Task<Result<IncidentStep>> CompleteStepAsync(ClaimsPrincipal user, Guid incidentId, Guid stepId, string? note, bool skip, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        var step = incident is null ? null : await db.IncidentSteps.FirstOrDefaultAsync(s => s.Id == stepId && s.IncidentId == incidentId, ct);
        if (incident is null || step is null) return Result<IncidentStep>.Fail(["手順が見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<IncidentStep>.Fail(["終結したインシデントの手順は変更できません。"]);
        if (step.DoneAt is not null) return Result<IncidentStep>.Fail([$"「{Clip(step.Action, 30)}」はすでに{(step.Skipped ? "実施せずとしています" : "完了しています")}。"]);
        var pack = (await packs.ForTenantAsync(me.TenantId, ct)).Pack;
        if (!await scope.HoldsAsync(user, incident, step.Actor, ct))
            return Result<IncidentStep>.Fail([$"この手順は{IncidentScope.OfficeLabel(step.Actor, pack)}が行います。"]);
        note = note?.Replace("\r\n", "\n").Trim();
        if (note?.Length > 2000) return Result<IncidentStep>.Fail(["記録は2000文字以内にしてください。"]);
        if (skip && string.IsNullOrEmpty(note)) return Result<IncidentStep>.Fail(["実施しない理由を記録してください。"]);
        if (!skip && step.Record == "note" && string.IsNullOrEmpty(note)) return Result<IncidentStep>.Fail(["行ったこと（日時・相手・内容など）を記録してください。"]);
        if (!skip && step.Record == "evidence" && !await db.IncidentEvidence.AnyAsync(e => e.StepId == step.Id, ct))
            return Result<IncidentStep>.Fail(["この手順には記録（画面の画像か PDF）の添付が必要です。先にファイルを添付してください。"]);

        var now = time.GetUtcNow();
        step.DoneAt = now;
        step.DoneById = me.Id;
        step.DoneByName = me.DisplayName;
        step.Note = string.IsNullOrEmpty(note) ? null : note;
        step.Skipped = skip;
        var late = step.DueAt is { } due && now > due ? "（期限超過）" : "";
        Timeline(incident, me.Id, me.DisplayName, skip ? "step-skipped" : "step-done",
            skip ? $"手順「{Clip(step.Action, 60)}」を実施せず: {note}" : $"手順「{Clip(step.Action, 60)}」を完了{late}" + (string.IsNullOrEmpty(note) ? "" : $": {note}"), now);
        Touch(incident);
        return await SaveAsync(step, new AuditEntry(me.TenantId, me.Actor, skip ? "incident.step-skipped" : "incident.step-done", "incident", incident.Id.ToString(),
            After: AuditSummary.Of(new { incident.Number, Step = step.StepKey, Late = late.Length > 0, NoteLength = step.Note?.Length ?? 0 })), ct);
    }

    /// <summary>Keeps a screen record or document as evidence: images (PNG, JPEG, GIF, WebP) or PDF, checked by their content, with its SHA-256.</summary>
    public async Task<Result<IncidentEvidence>> AddEvidenceAsync(ClaimsPrincipal user, Guid incidentId, Guid? stepId, string? fileName, byte[] content,
        string? description, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<IncidentEvidence>.Fail(["インシデントが見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<IncidentEvidence>.Fail(["終結したインシデントには添付できません。"]);
        if (!await IsResponderAsync(user, incident, ct)) return Result<IncidentEvidence>.Fail(["このインシデントの対応者だけが記録を添付できます。"]);
        IncidentStep? step = null;
        if (stepId is { } sid)
        {
            step = await db.IncidentSteps.FirstOrDefaultAsync(s => s.Id == sid && s.IncidentId == incidentId, ct);
            if (step is null) return Result<IncidentEvidence>.Fail(["手順が見つかりません。"]);
        }
        var errors = new List<string>();
        fileName = Path.GetFileName(fileName?.Trim() ?? "");
        if (content.Length == 0) errors.Add("ファイルを選んでください。");
        else if (content.Length > MaxEvidenceBytes) errors.Add($"ファイルが大きすぎます（{content.Length / 1024 / 1024.0:0.0} MB）。{MaxEvidenceBytes / 1024 / 1024} MB 以下にしてください。");
        var type = content.Length == 0 ? null : EvidenceType(content);
        if (content.Length > 0 && type is null) errors.Add("添付できるのは画像（PNG・JPEG・GIF・WebP）か PDF です。ファイルの中身がこれらの形式ではありません。");
        // The name keeps what staff called it, but the extension follows the content (a PNG saved as x.html stays a PNG).
        var stem = Path.GetFileNameWithoutExtension(fileName);
        fileName = stem.Length is 0 or > 150 || stem.Any(char.IsControl) ? $"evidence{Extension(type)}" : stem + Extension(type);
        description = description?.Trim();
        if (description?.Length > 500) errors.Add("説明は500文字以内にしてください。");
        if (errors.Count > 0) return Result<IncidentEvidence>.Fail(errors);

        var now = time.GetUtcNow();
        var evidence = new IncidentEvidence
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, IncidentId = incidentId, StepId = step?.Id, FileName = fileName, ContentType = type!,
            Size = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
            Description = string.IsNullOrEmpty(description) ? null : description, UploadedAt = now, UploadedById = me.Id, UploadedByName = me.DisplayName,
        };
        db.IncidentEvidence.Add(evidence);
        Timeline(incident, me.Id, me.DisplayName, "evidence-added",
            $"記録を添付: {fileName}（{content.Length:N0} バイト, SHA-256 {evidence.Sha256[..16]}…）" + (step is null ? "" : $" — 手順「{Clip(step.Action, 40)}」"), now);
        Touch(incident);
        return await SaveAsync(evidence, new AuditEntry(me.TenantId, me.Actor, "incident.evidence-added", "incident", incident.Id.ToString(),
            After: AuditSummary.Of(new { incident.Number, evidence.FileName, evidence.ContentType, evidence.Size, evidence.Sha256, Step = step?.StepKey })), ct);
    }

    public async Task<Result<IncidentEvent>> AddNoteAsync(ClaimsPrincipal user, Guid incidentId, string? text, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<IncidentEvent>.Fail(["インシデントが見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<IncidentEvent>.Fail(["終結したインシデントの経過は変更できません（終結報告が変わってしまうため）。"]);
        if (!await IsResponderAsync(user, incident, ct)) return Result<IncidentEvent>.Fail(["このインシデントの対応者だけが経過を記録できます。"]);
        text = text?.Replace("\r\n", "\n").Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2000) return Result<IncidentEvent>.Fail(["経過を2000文字以内で入力してください。"]);
        var entry = Timeline(incident, me.Id, me.DisplayName, "note", text, time.GetUtcNow());
        Touch(incident);
        return await SaveAsync(entry, new AuditEntry(me.TenantId, me.Actor, "incident.note-added", "incident", incident.Id.ToString(),
            After: AuditSummary.Of(new { incident.Number, Length = text.Length })), ct);
    }

    /// <summary>
    /// Closes the incident with its report (経過の概要, 原因, 教訓・再発防止策): only once every step is done or marked
    /// not applicable, and only by someone in its escalation chain.
    /// </summary>
    public async Task<Result<Incident>> CloseAsync(ClaimsPrincipal user, Guid incidentId, int? seenVersion, string? summary, string? cause, string? lessons,
        CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null) return Result<Incident>.Fail(["インシデントが見つかりません。"]);
        if (incident.Status != IncidentStatus.Open) return Result<Incident>.Fail(["このインシデントはすでに終結しています。"]);
        if (seenVersion is { } v && v != incident.Version) return Result<Incident>.Fail(["開いた後に他の人が記録を追加しました。最新の内容を確かめてから終結してください。"]);
        if (!await scope.HoldsChainOfficeAsync(user, incident, ct)) return Result<Incident>.Fail(["終結できるのは報告の連絡先（エスカレーション）の担当者です。"]);
        var offices = await db.IncidentEscalations.Where(e => e.IncidentId == incidentId).Select(e => e.Office).ToListAsync(ct);
        var errors = new List<string>();
        var open = await db.IncidentSteps.Where(s => s.IncidentId == incidentId && s.DoneAt == null).OrderBy(s => s.Position).Select(s => s.Action).ToListAsync(ct);
        if (open.Count > 0) errors.Add($"終わっていない手順が{open.Count}件あります（「{Clip(open[0], 40)}」など）。完了するか、実施しない理由を記録してください。");
        summary = summary?.Replace("\r\n", "\n").Trim();
        cause = cause?.Replace("\r\n", "\n").Trim();
        lessons = lessons?.Replace("\r\n", "\n").Trim();
        if (string.IsNullOrEmpty(summary) || summary.Length > 4000) errors.Add("経過の概要を4000文字以内で入力してください。");
        if (cause?.Length > 4000) errors.Add("原因は4000文字以内にしてください。");
        if (string.IsNullOrEmpty(lessons) || lessons.Length > 4000) errors.Add("教訓・再発防止策を4000文字以内で入力してください。");
        if (errors.Count > 0) return Result<Incident>.Fail(errors);

        var now = time.GetUtcNow();
        incident.Status = IncidentStatus.Closed;
        incident.ClosedAt = now;
        incident.ClosedById = me.Id;
        incident.ClosedByName = me.DisplayName;
        incident.Summary = summary;
        incident.Cause = string.IsNullOrEmpty(cause) ? null : cause;
        incident.Lessons = lessons;
        Timeline(incident, me.Id, me.DisplayName, "closed", "終結（終結報告を作成）", now);
        Touch(incident);
        var everyone = new List<KohoUser>();
        foreach (var office in offices.Distinct()) everyone.AddRange(await scope.HoldersAsync(incident, office, ct));
        await chain.TellAsync(incident, everyone, $"【終結】{incident.Number()} {incident.Title}", $"{incident.Type.Label()}のインシデントが終結しました。終結報告をご確認ください。", "info", ct);
        return await SaveAsync(incident, new AuditEntry(me.TenantId, me.Actor, "incident.closed", "incident", incident.Id.ToString(),
            After: AuditSummary.Of(new { incident.Number, Steps = await db.IncidentSteps.CountAsync(s => s.IncidentId == incidentId, ct) })), ct);
    }

    /// <summary>Whoever holds an office in the incident's chain or steps (auditors read, they do not act).</summary>
    public async Task<bool> IsResponderAsync(ClaimsPrincipal user, Incident incident, CancellationToken ct)
    {
        foreach (var office in await OfficesAsync(incident.Id, ct))
            if (await scope.HoldsAsync(user, incident, office, ct)) return true;
        return false;
    }

    public async Task<List<string>> OfficesAsync(Guid incidentId, CancellationToken ct)
    {
        var chainOffices = await db.IncidentEscalations.Where(e => e.IncidentId == incidentId).Select(e => e.Office).ToListAsync(ct);
        var stepOffices = await db.IncidentSteps.Where(s => s.IncidentId == incidentId).Select(s => s.Actor).ToListAsync(ct);
        return chainOffices.Concat(stepOffices).Append(IncidentScope.OperatorKey).Distinct().ToList();
    }

    /// <summary>Recognised by content, never by the name or the browser's claim.</summary>
    public static string? EvidenceType(ReadOnlySpan<byte> b) =>
        b.StartsWith("%PDF-"u8) ? "application/pdf" : Posts.PostService.ImageType(b);

    private static string Extension(string? type) => type switch
    {
        "application/pdf" => ".pdf", "image/png" => ".png", "image/jpeg" => ".jpg", "image/gif" => ".gif", "image/webp" => ".webp", _ => "",
    };

    private IncidentEvent Timeline(Incident incident, Guid? actorId, string actorName, string kind, string text, DateTimeOffset at) =>
        IncidentTimeline.Add(db, incident, actorId, actorName, kind, text, at);

    internal static void Touch(Incident incident) => incident.Version++;

    private async Task<Result<T>> SaveAsync<T>(T value, AuditEntry entry, CancellationToken ct)
    {
        try
        {
            await audit.SaveAsync([entry], ct);
            return Result<T>.Ok(value);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<T>.Fail(["他の操作と重なりました。画面を開き直してから、もう一度操作してください。"]);
        }
    }

    internal static string Clip(string s, int max) => Shell.TextClip.Clip(s, max);
}
