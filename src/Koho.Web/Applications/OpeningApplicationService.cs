using System.Text.Json;
using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Applications;

/// <summary>What an applicant fills in: the account, and the answers to the pack's application items.</summary>
public sealed record ApplicationInput(string? AccountName, Platform? Platform, string? Handle, string? Url, Guid? DepartmentId,
    bool HandlesConfidential, IReadOnlyDictionary<string, string?> Answers);

/// <summary>Who acts on an application: the signed-in user and their roles.</summary>
public sealed record Actor(CurrentUser User, IReadOnlyCollection<string> Roles);

/// <summary>
/// Opening applications through the pack's steps. The applicant (a section head, 所属長) submits; each step is done
/// by the role the pack names — the applicant's own steps by the applicant, the others by someone else holding
/// the role (never the applicant: no self-approval). A step approves, returns with comments (the applicant edits
/// and resubmits; the application continues from that step) or rejects. The last step registers the account.
/// Every action is a decision record and an audit record, saved together.
/// </summary>
public sealed class OpeningApplicationService(KohoDbContext db, AuditTrail audit, GuidelinePackService packs, TimeProvider time,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore? directoryCache = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    public static IReadOnlyList<ApplicationStep> Steps(OpeningApplication a) => JsonSerializer.Deserialize<List<ApplicationStep>>(a.StepsJson, Json)!;

    public static IReadOnlyDictionary<string, string> Answers(OpeningApplication a) => JsonSerializer.Deserialize<Dictionary<string, string>>(a.AnswersJson, Json)!;

    public async Task<Result<OpeningApplication>> SubmitAsync(Actor actor, ApplicationInput input, CancellationToken ct = default)
    {
        var me = actor.User;
        if (!actor.Roles.Contains(KohoRoles.AccountManager))
            return Result<OpeningApplication>.Fail(["開設を申請できるのは所属長（運用管理責任者）の役割を持つ職員です。"]);
        var current = await packs.ForTenantAsync(me.TenantId, ct);
        var ownDepartment = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        var errors = await ValidateAsync(me.TenantId, input, current.Pack, ct, ownDepartment);
        if (errors.Count > 0) return Result<OpeningApplication>.Fail(errors);

        var newPlatform = !await db.OfficialAccounts.AnyAsync(a => a.TenantId == me.TenantId && a.Platform == input.Platform && a.Status != AccountStatus.Deleted, ct);
        var steps = current.Pack.Opening.Steps
            .Where(s => !s.NewPlatformOnly || newPlatform)
            .Select(s => new ApplicationStep(s.Id, s.Actor, s.Action, s.Clauses, s.ChairMayOverride)).ToList();
        var now = time.GetUtcNow();
        var application = new OpeningApplication
        {
            Id = Guid.NewGuid(),
            TenantId = me.TenantId,
            DepartmentId = input.DepartmentId!.Value,
            ApplicantId = me.Id,
            ApplicantName = me.DisplayName,
            AccountName = input.AccountName!.Trim(),
            Platform = input.Platform!.Value,
            Handle = input.Handle!.Trim(),
            Url = input.Url!.Trim(),
            NewPlatform = newPlatform,
            AnswersJson = JsonSerializer.Serialize(Trimmed(input.Answers, current.Pack), Json),
            Status = ApplicationStatus.InReview,
            PackReference = current.Reference,
            StepsJson = JsonSerializer.Serialize(steps, Json),
            CurrentStep = 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OpeningApplications.Add(application);
        Record(application, new ApplicationStep("submit", "accountManager", "申請", [], false), me, DecisionKind.Submitted, null, now);
        await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "application.submitted", "opening-application", application.Id.ToString(),
            After: AuditSummary.Of(new { application.AccountName, Platform = application.Platform.Label(), application.NewPlatform, application.PackReference, Steps = steps.Select(s => s.Id) })), ct);
        return Result<OpeningApplication>.Ok(application);
    }

    /// <summary>The applicant edits a returned application and sends it on from the step that returned it.</summary>
    public async Task<Result<OpeningApplication>> ResubmitAsync(Actor actor, Guid id, ApplicationInput input, CancellationToken ct = default)
    {
        var me = actor.User;
        var application = await db.OpeningApplications.FirstOrDefaultAsync(a => a.Id == id && a.TenantId == me.TenantId, ct);
        if (application is null) return Result<OpeningApplication>.Fail(["申請が見つかりません。"]);
        if (application.ApplicantId != me.Id) return Result<OpeningApplication>.Fail(["再申請できるのは申請者本人です。"]);
        if (application.Status != ApplicationStatus.Returned) return Result<OpeningApplication>.Fail(["差し戻された申請だけを再申請できます。"]);
        var current = await packs.ForTenantAsync(me.TenantId, ct);
        var ownDepartment = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        var errors = await ValidateAsync(me.TenantId, input, current.Pack, ct, ownDepartment);
        if (errors.Count > 0) return Result<OpeningApplication>.Fail(errors);

        var before = AuditSummary.Of(new { application.AccountName, application.Handle, application.Url, Answers = Answers(application) });
        var newAnswers = JsonSerializer.Serialize(Trimmed(input.Answers, current.Pack), Json);
        var changed = application.AccountName != input.AccountName!.Trim() || application.Handle != input.Handle!.Trim()
                      || application.Url != input.Url!.Trim() || application.DepartmentId != input.DepartmentId || application.AnswersJson != newAnswers;
        if (changed)
        {
            // The offices approved what was written then: changed content goes back to the first office's step.
            var steps = Steps(application);
            var firstOffice = Enumerable.Range(0, steps.Count).FirstOrDefault(i => steps[i].Actor != "accountManager", steps.Count - 1);
            application.CurrentStep = Math.Min(application.CurrentStep, firstOffice);
        }
        application.AccountName = input.AccountName!.Trim();
        application.Handle = input.Handle!.Trim();
        application.Url = input.Url!.Trim();
        application.DepartmentId = input.DepartmentId!.Value;
        application.AnswersJson = newAnswers;
        application.Status = ApplicationStatus.InReview;
        application.UpdatedAt = time.GetUtcNow();
        Record(application, Steps(application)[application.CurrentStep], me, DecisionKind.Resubmitted, null, application.UpdatedAt);
        try
        {
            await audit.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "application.resubmitted", "opening-application", application.Id.ToString(),
                Before: before, After: AuditSummary.Of(new { application.AccountName, application.Handle, application.Url, Answers = Answers(application), Restarted = changed })), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<OpeningApplication>.Fail([Accounts.AccountService.Overlapped]);
        }
        return Result<OpeningApplication>.Ok(application);
    }

    /// <summary>Whether this user is the one to act at the application's current step, and if not, why.</summary>
    public static string? WhyNot(Actor actor, OpeningApplication a)
    {
        if (a.Status != ApplicationStatus.InReview) return $"この申請は「{a.Status.Label()}」です。";
        var step = Steps(a)[a.CurrentStep];
        if (step.Actor == "accountManager")
            return a.ApplicantId == actor.User.Id ? null : "この手続は申請者（所属長）が行います。";
        if (a.ApplicantId == actor.User.Id) return "申請者は自分の申請を承認できません。";
        return actor.Roles.Contains(ApplicationLabels.RoleOf(step.Actor)) ? null : "この段階を担当する役割を持っていません。";
    }

    public async Task<Result<OpeningApplication>> DecideAsync(Actor actor, Guid id, DecisionKind kind, string? comment, CancellationToken ct = default)
    {
        var me = actor.User;
        var application = await db.OpeningApplications.FirstOrDefaultAsync(a => a.Id == id && a.TenantId == me.TenantId, ct);
        if (application is null) return Result<OpeningApplication>.Fail(["申請が見つかりません。"]);
        if (WhyNot(actor, application) is { } why) return Result<OpeningApplication>.Fail([why]);
        var steps = Steps(application);
        var step = steps[application.CurrentStep];
        comment = comment?.Trim();
        if (comment is { Length: > 2000 }) return Result<OpeningApplication>.Fail(["コメントは2000文字以内にしてください。"]);
        if (kind is DecisionKind.Returned or DecisionKind.Rejected && string.IsNullOrEmpty(comment))
            return Result<OpeningApplication>.Fail([kind == DecisionKind.Returned ? "差し戻す理由をコメントに書いてください。" : "却下の理由をコメントに書いてください。"]);
        var ownStep = step.Actor == "accountManager";
        if (ownStep && kind is not (DecisionKind.Done or DecisionKind.Rejected))
            return Result<OpeningApplication>.Fail(["申請者の手続は「実施した」として記録します。"]);
        if (!ownStep && kind is not (DecisionKind.Approved or DecisionKind.Returned or DecisionKind.Rejected))
            return Result<OpeningApplication>.Fail(["承認・差戻し・却下のいずれかを選んでください。"]);

        if (!ownStep)
        {
            // One person holding several offices' roles does not sign for two different offices on one application.
            var actorOf = steps.ToDictionary(s => s.Id, s => s.Actor);
            var mine = await db.ApplicationDecisions.Where(d => d.ApplicationId == id && d.DeciderId == me.Id
                && (d.Kind == DecisionKind.Approved || d.Kind == DecisionKind.Returned)).Select(d => d.StepId).ToListAsync(ct);
            if (mine.Any(stepId => actorOf.GetValueOrDefault(stepId) is { } other && other != step.Actor))
                return Result<OpeningApplication>.Fail(["一つの申請で、同じ人が別々の部署の段階を承認することはできません（その部署の別の担当者が対応してください）。"]);
        }

        var now = time.GetUtcNow();
        var before = application.Status;
        Record(application, step, me, kind, comment, now);
        application.UpdatedAt = now;
        var entries = new List<AuditEntry>();
        switch (kind)
        {
            case DecisionKind.Returned:
                application.Status = ApplicationStatus.Returned;
                break;
            case DecisionKind.Rejected:
                application.Status = ApplicationStatus.Rejected;
                break;
            default:
                application.CurrentStep++;
                if (application.CurrentStep == steps.Count)
                {
                    application.Status = ApplicationStatus.Approved;
                    var account = new OfficialAccount
                    {
                        Id = Guid.NewGuid(), TenantId = application.TenantId, DepartmentId = application.DepartmentId,
                        Name = application.AccountName, Platform = application.Platform, Handle = application.Handle, Url = application.Url,
                        Status = AccountStatus.Approved, CreatedAt = now, StatusChangedAt = now,
                    };
                    db.OfficialAccounts.Add(account);
                    application.AccountId = account.Id;
                    entries.Add(new AuditEntry(me.TenantId, me.Actor, "account.registered", "official-account", account.Id.ToString(),
                        After: AuditSummary.Of(new { account.Name, Platform = account.Platform.Label(), account.Handle, Status = account.Status.Label(), Application = application.Id })));
                }
                break;
        }
        entries.Insert(0, new AuditEntry(me.TenantId, me.Actor, $"application.{kind.ToString().ToLowerInvariant()}", "opening-application", application.Id.ToString(),
            Before: AuditSummary.Of(new { Status = before.Label(), Step = step.Id }),
            After: AuditSummary.Of(new { Status = application.Status.Label(), Step = step.Id, Comment = comment })));
        try
        {
            await audit.SaveAsync(entries, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<OpeningApplication>.Fail([Accounts.AccountService.Overlapped]);
        }
        catch (DbUpdateException)
        {
            // The unique (platform, handle) of the register: registered meanwhile by another application or an import.
            return Result<OpeningApplication>.Fail([$"{application.Platform.Label()} の「{application.Handle}」は既に台帳にあります。差し戻して修正してください。"]);
        }
        // A newly registered (承認済) account is listed in the public directory at once.
        if (application.AccountId is not null && directoryCache is not null)
            await directoryCache.EvictByTagAsync(PublicDirectory.DirectoryEndpoints.CacheTag, ct);
        return Result<OpeningApplication>.Ok(application);
    }

    /// <summary>Applications waiting for this user: at a step of a role they hold (not their own), or their own to act on.</summary>
    public async Task<List<OpeningApplication>> WaitingForAsync(Actor actor, CancellationToken ct = default)
    {
        var open = await db.OpeningApplications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.InReview || a.Status == ApplicationStatus.Returned && a.ApplicantId == actor.User.Id)
            .OrderBy(a => a.UpdatedAt).ToListAsync(ct);
        return open.Where(a => a.Status == ApplicationStatus.Returned || WhyNot(actor, a) is null).ToList();
    }

    private void Record(OpeningApplication a, ApplicationStep step, CurrentUser me, DecisionKind kind, string? comment, DateTimeOffset at) =>
        db.ApplicationDecisions.Add(new ApplicationDecision
        {
            Id = Guid.NewGuid(), TenantId = a.TenantId, ApplicationId = a.Id, StepId = step.Id, StepAction = step.Action,
            DeciderId = me.Id, DeciderName = me.DisplayName, Kind = kind, Comment = comment, At = at,
        });

    private static Dictionary<string, string> Trimmed(IReadOnlyDictionary<string, string?> answers, GuidelinePack pack) =>
        pack.Opening.ApplicationContent.ToDictionary(i => i.Id, i => (answers.GetValueOrDefault(i.Id) ?? "").Trim());

    private async Task<List<string>> ValidateAsync(Guid tenantId, ApplicationInput input, GuidelinePack pack, CancellationToken ct, Guid? applicantDepartment = null)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.AccountName) || input.AccountName.Trim().Length > 200) errors.Add("アカウントの名称を200文字以内で入力してください。");
        if (input.Platform is null) errors.Add("媒体を選んでください。");
        if (string.IsNullOrWhiteSpace(input.Handle) || input.Handle.Trim().Length > 200) errors.Add("アカウント名（@ で始まる ID など）を200文字以内で入力してください。");
        if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || input.Url!.Trim().Length > 500)
            errors.Add("アカウントの URL を https:// で始まる形で入力してください。");
        if (input.DepartmentId is not { } dept || !await db.Departments.AnyAsync(d => d.Id == dept && d.TenantId == tenantId, ct))
            errors.Add("所管課を選んでください。");
        else if (applicantDepartment is { } own && !await Accounts.AccountScope.IsWithinAsync(db, dept, own, ct))
            errors.Add("申請できるのは自分の所属（とその下の係）のアカウントです。");
        if (input.Platform is { } platform && !string.IsNullOrWhiteSpace(input.Handle)
            && await db.OfficialAccounts.AnyAsync(a => a.TenantId == tenantId && a.Platform == platform && a.Handle == input.Handle.Trim(), ct))
            errors.Add($"{platform.Label()} の「{input.Handle.Trim()}」は既に台帳にあります。");
        var texts = new[] { input.AccountName, input.Handle, input.Url }.Concat(input.Answers.Values);
        if (texts.Any(t => t is not null && t.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))))
            errors.Add("制御文字（表示されない特殊な文字）が含まれています。取り除いてから送ってください。");
        // 約款による外部サービス (the national government's 2021 guidance on LINE and similar services): no 要機密情報 or
        // residents' personal information on a service used under standard terms — every social media platform is one.
        if (input.HandlesConfidential)
            errors.Add("ソーシャルメディアは約款による外部サービスのため、機密情報や住民の個人情報を取り扱う用途には使えません（政府の「約款による外部サービスの利用」に関する考え方・令和3年）。取り扱わない形に見直してください。");
        foreach (var item in pack.Opening.ApplicationContent)
        {
            var answer = input.Answers.GetValueOrDefault(item.Id)?.Trim();
            if (string.IsNullOrEmpty(answer)) errors.Add($"「{item.Label}」を記入してください。");
            else if (answer.Length > 4000) errors.Add($"「{item.Label}」は4000文字以内にしてください。");
        }
        return errors;
    }
}
