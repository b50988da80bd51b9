using System.Globalization;
using Koho.Checks;
using Koho.Checks.Io;
using Koho.Web.Packs;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Checks;

/// <summary>
/// Staff paste a draft and see what their guideline says about it. Works without JavaScript (a POST renders
/// the result); with it, checks.js asks /api/checks as the user types. Nothing typed here is stored or logged.
/// </summary>
public sealed class ChecksModel(GuidelinePackService packs) : PageModel
{
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Platform { get; set; } = "x";
    [BindProperty] public string? Category { get; set; } = "normal";
    [BindProperty] public string? ScheduledAt { get; set; }

    public CheckResult? Result { get; private set; }
    public string PackTitle { get; private set; } = "";

    public async Task OnGetAsync() => await LoadPackAsync();

    public async Task OnPostAsync()
    {
        var pack = await LoadPackAsync();
        if (string.IsNullOrEmpty(Text)) return;
        Koho.Checks.Platform? platform = Platform is not null && CheckJsonl.TryParsePlatform(Platform, out var p) ? p : null;
        var category = Enum.TryParse<PostCategory>(Category, true, out var c) ? c : PostCategory.Normal;
        DateTimeOffset? at = DateTime.TryParse(ScheduledAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, JapaneseDates.Jst) : null;
        Result = CheckService.Check(new Draft(Text) { Platform = platform, Category = category, ScheduledAt = at }, pack.Compiled);
    }

    private async Task<TenantPack> LoadPackAsync()
    {
        var pack = await packs.ForTenantAsync(CurrentUser.From(User).TenantId);
        PackTitle = pack.Pack.Title;
        return pack;
    }
}
