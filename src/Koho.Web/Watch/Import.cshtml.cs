using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Watch;

/// <summary>Importing mentions (CSV or JSON) for platforms without a read API or from other tools: all lines or none.</summary>
[RequestSizeLimit(2 * MaxBytes)]
public sealed class WatchImportModel(WatchService watch, IStringLocalizer<SharedResource> L) : PageModel
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) { Errors.Add(L["ファイルを選んでください。"]); return Page(); }
        if (file.Length > MaxBytes) { Errors.Add(L["ファイルは5 MB 以下にしてください。"]); return Page(); }
        string content;
        using (var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try { content = await reader.ReadToEndAsync(ct); }
            catch (System.Text.DecoderFallbackException) { Errors.Add(L["ファイルを UTF-8 として読めません。UTF-8 で保存し直してください（Excel では「CSV UTF-8」）。"]); return Page(); }
        }
        var result = await watch.ImportAsync(User, file.FileName, content, ct);
        if (!result.Succeeded) { Errors.AddRange(result.Errors); return Page(); }
        Done = L["{0}件の記述を取り込みました（すでにあるものは除きました）。", result.Value];
        return Redirect("/watch");
    }
}
