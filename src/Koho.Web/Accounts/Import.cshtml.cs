using Koho.Web.Organization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Accounts;

/// <summary>Existing accounts into the register from CSV: every row checked; any problem and nothing is imported.</summary>
[Authorize(Policy = KohoPolicies.ImportRegister)]
[RequestSizeLimit(2_000_000)]
public sealed class AccountImportModel(RegisterTransfer transfer, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is not { Length: > 0 })
        {
            Errors.Add(L["CSV ファイルを選んでください。"]);
            return Page();
        }
        string csv;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(), new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            csv = await reader.ReadToEndAsync(ct);
        }
        catch (System.Text.DecoderFallbackException)
        {
            Errors.Add(L["ファイルが UTF-8 のテキストではありません。Excel では「CSV UTF-8」で保存してください。"]);
            return Page();
        }
        var me = CurrentUser.From(User);
        var result = await transfer.ImportCsvAsync(me.TenantId, csv, me.Actor, ct);
        if (result.Succeeded) Saved = L["{0} 件の公式アカウントを取り込みました。", result.Value];
        else Errors.AddRange(result.Errors);
        return Page();
    }
}
