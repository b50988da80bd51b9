using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PrivateUse;

/// <summary>A member of staff confirms having read the guideline HR published (after the quiz, when there is one).</summary>
public sealed class AcknowledgeModel(Acknowledgements acknowledgements, IStringLocalizer<SharedResource> L) : PageModel
{
    public GuidelineNotice? Notice { get; private set; }
    public GuidelineAcknowledgement? Mine { get; private set; }
    public QuizAnswers Answers { get; private set; } = new([]);
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid noticeId, bool read, CancellationToken ct)
    {
        await LoadAsync(ct);
        var answers = Answers.Read(Request.Form);
        if (!read)
        {
            Errors.Add(L["「ガイドラインを読み、内容を理解しました」にチェックを入れてください。"]);
            return Page();
        }
        var result = await acknowledgements.AcknowledgeAsync(User, noticeId, answers, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            return Page();
        }
        if (result.Value!.Wrong.Count > 0)
        {
            Answers.Wrong = result.Value.Wrong;
            Errors.Add(string.Format(L["{0}問中 {1}問が正しくありません。条項を読み直して、もう一度答えてください。"], Answers.Quiz.Count, Answers.Wrong.Count));
            return Page();
        }
        Done = L["ガイドラインの確認を記録しました。ありがとうございました。"];
        return Redirect("/private-use/acknowledge");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        Notice = await acknowledgements.CurrentAsync(ct);
        if (Notice is null) return;
        Mine = await acknowledgements.MineAsync(me.Id, Notice.Id, ct);
        Answers = new QuizAnswers(Notice.Quiz);
    }
}
