using Koho.Packs;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Packs;

/// <summary>
/// An administrator chooses the municipality's guideline pack or uploads a new version of it. An upload is
/// validated first: with any problem, every problem is listed (file, line, what is wrong) and nothing changes.
/// </summary>
[Authorize(Policy = KohoPolicies.Administer)]
[RequestSizeLimit(2_000_000)]
public sealed class PacksManageModel(GuidelinePackService packs, PackRegistry registry, IStringLocalizer<SharedResource> L) : PageModel
{
    public TenantPack Current { get; private set; } = null!;
    public List<GuidelinePackService.VersionInfo> Versions { get; private set; } = [];
    public IReadOnlyList<GuidelinePack> Offered => registry.Catalog.Packs;
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }
    [BindProperty] public string? Yaml { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostChooseAsync(string? packId, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var result = await packs.ChooseAsync(me.TenantId, packId ?? "", me.Actor, ct);
        if (result.Succeeded) Saved = L["パックを「{0}」にしました。部署・職の名称もパックに合わせました。", packId ?? ""];
        else Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var yaml = Yaml;
        var name = "uploaded.yaml";
        if (file is { Length: > 0 })
        {
            if (file.Length > GuidelinePackService.MaxYamlLength * 4L)
            {
                Errors.Add(L["ファイルが大きすぎます。"]);
                await LoadAsync(ct);
                return Page();
            }
            using var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            try { yaml = await reader.ReadToEndAsync(ct); }
            catch (System.Text.DecoderFallbackException)
            {
                Errors.Add(L["ファイルが UTF-8 のテキストではありません。"]);
                await LoadAsync(ct);
                return Page();
            }
            name = file.FileName;
        }
        var result = await packs.UploadAsync(me.TenantId, name, yaml ?? "", me.Actor, ct);
        if (result.Succeeded)
        {
            Saved = L["「{0}」の第{1}版を登録し、この団体のパックにしました。", result.Value!.PackId, result.Value.Version];
            Yaml = null;
        }
        else Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var tenantId = CurrentUser.From(User).TenantId;
        Current = await packs.ForTenantAsync(tenantId, ct);
        Versions = await packs.VersionsAsync(tenantId, ct);
    }
}
