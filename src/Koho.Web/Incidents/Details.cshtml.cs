using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.Posts;
using Koho.Web.PublicDirectory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Incidents;

/// <summary>
/// One incident: the escalation chain (each level acknowledges), the playbook's steps (who, by when, the record each
/// needs), evidence, the public response, the timeline, and closing with the report. Every action redirects back here.
/// </summary>
// Larger than evidence may be, so an oversized file gets a message rather than a bare 413.
[RequestSizeLimit(2 * IncidentService.MaxEvidenceBytes)]
public sealed class IncidentDetailsModel(KohoDbContext db, IncidentService incidents, IncidentResponses responses, EscalationChain chain,
    IncidentScope scope, GuidelinePackService packs, TimeProvider time, IStringLocalizer<SharedResource> L) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public Koho.Packs.GuidelinePack Pack { get; private set; } = null!;
    public OfficialAccount? Account { get; private set; }
    public string DepartmentName { get; private set; } = "";
    public List<IncidentEscalation> Chain { get; private set; } = [];
    public List<IncidentStep> Steps { get; private set; } = [];
    public List<IncidentEvidence> Evidence { get; private set; } = [];
    public List<IncidentEvent> Timeline { get; private set; } = [];
    public List<Post> Posts { get; private set; } = [];
    public ImpersonationWarning? Warning { get; private set; }
    public Posts.Publishing.PublishingPause? Pause { get; private set; }
    public HashSet<string> MyOffices { get; private set; } = [];
    public bool IsResponder { get; private set; }
    public bool MayWarn { get; private set; }
    public bool MayPause { get; private set; }
    public List<OfficialAccount> Draftable { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Saved = Done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetEvidenceAsync(Guid id, Guid evidenceId, CancellationToken ct)
    {
        // Only the permission is needed here, not the page.
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null || !await scope.CanViewAsync(User, incident, await incidents.OfficesAsync(id, ct), ct)) return NotFound();
        var file = await db.IncidentEvidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.IncidentId == id, ct);
        if (file is null) return NotFound();
        // Served as a download, never rendered in Koho's origin (a PDF or SVG-like content must not run as a page).
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return File(file.Content, file.ContentType, file.FileName);
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid id, Guid escalationId, CancellationToken ct) =>
        await AfterAsync(id, await chain.AcknowledgeAsync(User, id, escalationId, ct), L["確認を記録しました。次の段階に報告が届きます。"], ct);

    public async Task<IActionResult> OnPostStepAsync(Guid id, Guid stepId, string? note, bool skip, CancellationToken ct) =>
        await AfterAsync(id, await incidents.CompleteStepAsync(User, id, stepId, note, skip, ct), skip ? L["実施しない手順として記録しました。"] : L["手順を完了しました。"], ct);

    public async Task<IActionResult> OnPostEvidenceAsync(Guid id, Guid? stepId, IFormFile? file, string? description, CancellationToken ct)
    {
        if (file is { Length: > IncidentService.MaxEvidenceBytes })
            return await AfterAsync(id, Result<bool>.Fail([$"ファイルが大きすぎます。{IncidentService.MaxEvidenceBytes / 1024 / 1024} MB 以下にしてください。"]), "", ct);
        byte[] content = [];
        if (file is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        return await AfterAsync(id, await incidents.AddEvidenceAsync(User, id, stepId, file?.FileName, content, description, ct), L["記録を添付しました。"], ct);
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, string? text, CancellationToken ct) =>
        await AfterAsync(id, await incidents.AddNoteAsync(User, id, text, ct), L["経過を記録しました。"], ct);

    public async Task<IActionResult> OnPostWarningAsync(Guid id, string? message, CancellationToken ct) =>
        await AfterAsync(id, await responses.RaiseWarningAsync(User, id, message, ct), L["公開の公式アカウント一覧になりすましの注意を掲載しました。"], ct);

    public async Task<IActionResult> OnPostClearWarningAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await responses.ClearWarningAsync(User, id, ct), L["公開一覧のなりすましの注意を解除しました。"], ct);

    public async Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await responses.PauseAccountAsync(User, id, ct), L["このアカウントの発信を停止しました。再開は「投稿の停止」の画面で行います。"], ct);

    public async Task<IActionResult> OnPostDraftAsync(Guid id, ResponseDraft? kind, List<Guid>? accountIds, CancellationToken ct)
    {
        var result = await responses.DraftAsync(User, id, kind, accountIds ?? [], ct);
        if (result.Succeeded)
        {
            Done = L["投稿を下書きしました。内容を確かめて承認を依頼してください。"];
            return Redirect($"/posts/{result.Value!.Id}");
        }
        return await AfterAsync(id, result, "", ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, int version, string? summary, string? cause, string? lessons, CancellationToken ct) =>
        await AfterAsync(id, await incidents.CloseAsync(User, id, version, summary, cause, lessons, ct), L["インシデントを終結しました。"], ct);

    public bool Holds(string office) => MyOffices.Contains(office);

    public bool Overdue(IncidentStep s) => s.DoneAt is null && s.DueAt is { } due && due < Now && Incident.Status == IncidentStatus.Open;

    public string Office(string key) => IncidentScope.OfficeLabel(key, Pack);

    /// <summary>Success: back to the page (a reload repeats nothing). Failure: the page again, as it now is, with the messages.</summary>
    private async Task<IActionResult> AfterAsync<T>(Guid id, Result<T> result, string done, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Done = done;
            return Redirect($"/incidents/{id}");
        }
        if (!await LoadAsync(id, ct)) return NotFound();
        Errors.AddRange(result.Errors);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
                db.ChangeTracker.Clear();
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null) return false;
        // The chain and the steps are read once: they are shown, and they decide who may see and act.
        Chain = await db.IncidentEscalations.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Level).ToListAsync(ct);
        Steps = await db.IncidentSteps.AsNoTracking().Where(s => s.IncidentId == id).OrderBy(s => s.Position).ToListAsync(ct);
        var viewer = await scope.ViewerAsync(User, ct);
        var offices = Chain.Select(e => e.Office).Concat(Steps.Select(s => s.Actor)).Append(IncidentScope.OperatorKey).Distinct().ToList();
        if (!viewer.CanView(incident, offices)) return false;
        Incident = incident;
        Now = time.GetUtcNow();
        Pack = (await packs.ForTenantAsync(incident.TenantId, ct)).Pack;
        Account = incident.AccountId is { } a ? await db.OfficialAccounts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == a, ct) : null;
        DepartmentName = await db.Departments.AsNoTracking().Where(d => d.Id == incident.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "—";
        Evidence = await db.IncidentEvidence.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.UploadedAt)
            .Select(e => new IncidentEvidence
            {
                Id = e.Id, TenantId = e.TenantId, IncidentId = e.IncidentId, StepId = e.StepId, FileName = e.FileName, ContentType = e.ContentType, Size = e.Size,
                Sha256 = e.Sha256, Content = Array.Empty<byte>(), Description = e.Description, UploadedAt = e.UploadedAt, UploadedById = e.UploadedById, UploadedByName = e.UploadedByName,
            }).ToListAsync(ct);
        Timeline = await db.IncidentEvents.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.At).ToListAsync(ct);
        Posts = await db.Posts.AsNoTracking().Where(p => p.IncidentId == id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        Warning = incident.WarningId is { } w ? await db.ImpersonationWarnings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == w, ct) : null;
        Pause = incident.PauseId is { } p ? await db.PublishingPauses.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p, ct) : null;
        MyOffices = offices.Where(o => viewer.Holds(incident, o)).ToHashSet();
        IsResponder = MyOffices.Count > 0;
        var inChain = Chain.Any(e => MyOffices.Contains(e.Office));
        MayWarn = incident.Type == IncidentType.Impersonation && await responses.MayWarnAsync(User, incident, ct, inChain);
        MayPause = incident.Type == IncidentType.Hijacking && incident.AccountId is not null && await responses.MayPauseAsync(User, incident, ct, inChain);
        if (IsResponder && incident.Status == IncidentStatus.Open && IncidentResponses.DraftsFor(incident.Type).Count > 0)
            Draftable = await PostPages.DraftableAsync(db, User, ct);
        return true;
    }
}
