using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Applications;

/// <summary>
/// One application: what was applied for, the pack's steps with where it stands, every earlier decision and comment,
/// and — for the person whose turn it is — approve / return / reject (or, for the applicant, resubmit).
/// </summary>
public sealed class ApplicationDetailsModel(KohoDbContext db, GuidelinePackService packs, OpeningApplicationService applications,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public OpeningApplication Application { get; private set; } = null!;
    public IReadOnlyList<ApplicationStep> Steps { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Answers { get; private set; } = new Dictionary<string, string>();
    public List<ApplicationDecision> Decisions { get; private set; } = [];
    public GuidelinePack Pack { get; private set; } = null!;
    public string Department { get; private set; } = "";
    public string? WhyNot { get; private set; }
    public ApplicationForm? Resubmit { get; private set; }
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }

    // After a successful action the page redirects to itself (so that reloading does not act twice) and says what was done.
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Saved = Done;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, DecisionKind kind, string? comment, CancellationToken ct)
    {
        var result = await applications.DecideAsync(ApplicationPages.ActorOf(User), id, kind, comment, ct);
        if (result.Succeeded)
        {
            Done = L["「{0}」を記録しました。", kind.Label()];
            return Redirect($"/applications/{id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, string? accountName, Platform? platform, string? handle, string? url,
        Guid? departmentId, bool handlesConfidential, Dictionary<string, string?> answers, CancellationToken ct)
    {
        var result = await applications.ResubmitAsync(ApplicationPages.ActorOf(User), id,
            new ApplicationInput(accountName, platform, handle, url, departmentId, handlesConfidential, answers), ct);
        if (result.Succeeded)
        {
            Done = L["再申請しました。"];
            return Redirect($"/applications/{id}");
        }
        Errors.AddRange(result.Errors);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.OpeningApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null) return false;
        Application = application;
        Steps = OpeningApplicationService.Steps(application);
        Answers = OpeningApplicationService.Answers(application);
        Decisions = await db.ApplicationDecisions.AsNoTracking().Where(d => d.ApplicationId == id).OrderBy(d => d.At).ToListAsync(ct);
        Department = await db.Departments.Where(d => d.Id == application.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "";
        Pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        var actor = ApplicationPages.ActorOf(User);
        WhyNot = OpeningApplicationService.WhyNot(actor, application);
        if (application.Status == ApplicationStatus.Returned && application.ApplicantId == actor.User.Id)
        {
            Resubmit = new ApplicationForm
            {
                Pack = Pack,
                Departments = await ApplicationForm.DepartmentsAsync(db, ct),
                AccountName = application.AccountName, Platform = application.Platform, Handle = application.Handle, Url = application.Url,
                DepartmentId = application.DepartmentId, Answers = Answers.ToDictionary(a => a.Key, a => (string?)a.Value),
                SubmitLabel = "修正して再申請する", Handler = "Resubmit",
            };
        }
        return true;
    }

    /// <summary>The label of an application item (the pack's wording), or its id for an item the pack no longer has.</summary>
    public string LabelOf(string itemId) => Pack.Opening.ApplicationContent.FirstOrDefault(i => i.Id == itemId)?.Label ?? itemId;
}
