using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.PrivateUse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Contractors;

/// <summary>
/// A person of an outside organisation confirms the municipality's guideline before their first draft — HR's notice
/// with its quiz when HR published the version in force, else the guideline itself —, and the organisation's
/// representative confirms the contract's social media clauses. Staff of the municipality have nothing to do here.
/// </summary>
public sealed class ConfirmModel(KohoDbContext db, GuidelinePackService packs, OutsidePeople people, Acknowledgements acknowledgements,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public OutsideReadiness Readiness { get; private set; } = null!;
    public KohoUser Me { get; private set; } = null!;
    public string? RepresentativeNames { get; private set; }
    public QuizAnswers Answers { get; private set; } = new([]);
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The guideline itself, where HR has published no notice of the version in force.</summary>
    public async Task<IActionResult> OnPostGuidelineAsync(string? packSha256, bool read, CancellationToken ct)
    {
        var result = await people.ConfirmGuidelineAsync(User, packSha256, read, ct);
        return await AfterAsync(result.Succeeded, result.Errors, L["ガイドラインの確認を記録しました。"], ct);
    }

    /// <summary>HR's notice of the version in force, with its quiz: the same confirmation as the staff's.</summary>
    public async Task<IActionResult> OnPostNoticeAsync(Guid noticeId, bool read, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var answers = Answers.Read(Request.Form);
        if (!read)
        {
            Errors.Add(L["「ガイドラインを読み、内容を理解しました」にチェックを入れてください。"]);
            return Page();
        }
        var result = await acknowledgements.AcknowledgeAsync(User, noticeId, answers, ct);
        if (result.Succeeded && result.Value!.Wrong.Count > 0)
        {
            Answers.Wrong = result.Value.Wrong;
            Errors.Add(string.Format(L["{0}問中 {1}問が正しくありません。条項を読み直して、もう一度答えてください。"], Answers.Quiz.Count, Answers.Wrong.Count));
            return Page();
        }
        return await AfterAsync(result.Succeeded, result.Errors, L["ガイドラインの確認を記録しました。"], ct);
    }

    public async Task<IActionResult> OnPostClausesAsync(string? sha256, bool read, CancellationToken ct)
    {
        var result = await people.ConfirmClausesAsync(User, sha256, read, ct);
        return await AfterAsync(result.Succeeded, result.Errors, L["契約条項の確認を記録しました。団体の担当者は投稿を作成できます。"], ct);
    }

    private async Task<IActionResult> AfterAsync(bool succeeded, IReadOnlyList<string> errors, string message, CancellationToken ct)
    {
        if (succeeded)
        {
            Done = message;
            return Redirect("/contractors/confirm");
        }
        Errors.AddRange(errors);
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var readiness = await OutsideReadiness.OfAsync(db, User, packs, ct);
        if (readiness is null) return false;
        Readiness = readiness;
        Me = await db.TenantUsers.AsNoTracking().FirstAsync(u => u.Id == me.Id, ct);
        if (readiness.UsesNotice) Answers = new QuizAnswers(readiness.Notice!.Quiz);
        var representatives = await db.TenantUsers.AsNoTracking()
            .Where(u => u.OutsideOrganizationId == readiness.Organization.Id && u.IsOutsideRepresentative).Select(u => u.DisplayName).ToListAsync(ct);
        RepresentativeNames = representatives.Count > 0 ? string.Join("、", representatives) : null;
        return true;
    }
}
