using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PrivateUse;

/// <summary>HR builds the short quiz staff answer before confirming, each question on a clause of the guideline.</summary>
[Authorize(Policy = KohoPolicies.ManageAcknowledgements)]
public sealed class QuizModel(Acknowledgements acknowledgements, GuidelinePackService packs, IStringLocalizer<SharedResource> L) : PageModel
{
    public TenantPack Pack { get; private set; } = null!;
    public List<QuizQuestion> Questions { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [BindProperty] public string? ClauseId { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Choices { get; set; }
    [BindProperty] public int? Correct { get; set; }
    [BindProperty] public string? Explanation { get; set; }
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await acknowledgements.AddQuestionAsync(User, ClauseId, Question, Choices, Correct, Explanation, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            await LoadAsync(ct);
            return Page();
        }
        Done = L["問題を追加しました。次の周知から使われます。"];
        return Redirect("/private-use/quiz");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var result = await acknowledgements.DeleteQuestionAsync(User, id, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            await LoadAsync(ct);
            return Page();
        }
        Done = L["問題を削除しました。周知済みのクイズは変わりません。"];
        return Redirect("/private-use/quiz");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Pack = await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct);
        Questions = await acknowledgements.QuestionsAsync(ct);
    }
}
