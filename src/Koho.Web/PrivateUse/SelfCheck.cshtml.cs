using System.Globalization;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PrivateUse;

/// <summary>
/// セルフチェック for a planned private post. Nothing typed here is stored, logged or audited unless the user presses
/// 保存; the form posts (never a query string, which would land in logs and history) and the answer is not cached.
/// </summary>
public sealed class SelfCheckModel(GuidelinePackService packs, SavedSelfChecks saved, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Profile { get; set; }
    [BindProperty] public string? PlannedAt { get; set; }
    [BindProperty] public bool Overtime { get; set; }
    [BindProperty] public bool BusinessTrip { get; set; }
    [BindProperty] public bool WorkRelated { get; set; }
    [TempData] public string? Done { get; set; }

    public TenantPack Pack { get; private set; } = null!;
    public SelfCheckResult? Result { get; private set; }
    public List<string> Errors { get; } = [];
    public List<SavedSelfCheck> Saved { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Input() is not { } input) return;
        var result = SelfCheck.Run(input, Pack);
        if (result.Succeeded) Result = result.Value;
        else Errors.AddRange(result.Errors);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Input() is not { } input) return Page();
        var result = await saved.SaveAsync(User, input, Pack, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors);
            return Page();
        }
        Done = L["セルフチェックの結果を、あなた自身の記録として保存しました（他の人には見えません）。"];
        return Redirect("/private-use/self-check#saved");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var result = await saved.DeleteAsync(User, id, ct);
        if (!result.Succeeded)
        {
            await LoadAsync(ct);
            Errors.AddRange(result.Errors);
            return Page();
        }
        Done = L["保存した記録を削除しました。"];
        return Redirect("/private-use/self-check#saved");
    }

    private SelfCheckInput? Input()
    {
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(PlannedAt))
        {
            if (!DateTime.TryParseExact(PlannedAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                Errors.Add(L["投稿する日時を正しく入力してください（例: 2026-11-24 19:30）。"]);
                return null;
            }
            at = new DateTimeOffset(local, JapaneseDates.Jst);
        }
        return new SelfCheckInput(Text, Profile, at, Overtime, BusinessTrip, WorkRelated);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // What is typed here must not stay in a cache on the way (a shared PC's browser, a proxy).
        Response.Headers.CacheControl = "no-store";
        Pack = await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct);
        Saved = await saved.MineAsync(User, ct);
    }
}
