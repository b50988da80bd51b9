using Koho.Web.Audit;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.SignIn;

/// <summary>Second step of sign-in for users with TOTP enabled: an authenticator code or a recovery code.</summary>
public sealed class TwoFactorModel(SignInManager<KohoUser> signIn, AuditTrail audit, IStringLocalizer<SharedResource> L) : PageModel
{
    // Empty fields bind as null.
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? RecoveryCode { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true, Name = "recovery")] public bool UseRecoveryCode { get; set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/SignIn/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/SignIn/Login");
        var code = new string((Code ?? "").Where(char.IsDigit).ToArray());
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        return await Outcome(user, result, "authenticator");
    }

    public async Task<IActionResult> OnPostRecoveryAsync()
    {
        UseRecoveryCode = true;
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/SignIn/Login");
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync((RecoveryCode ?? "").Replace(" ", ""));
        return await Outcome(user, result, "recovery-code");
    }

    private async Task<IActionResult> Outcome(KohoUser user, Microsoft.AspNetCore.Identity.SignInResult result, string method)
    {
        var actor = new AuditActor(user.Id, $"{user.DisplayName} ({user.UserName})");
        if (result.Succeeded)
        {
            await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.signed-in", "user", user.Id.ToString(),
                After: AuditSummary.Of(new { SecondFactor = method })));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut)
        {
            await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.locked-out", "user", user.Id.ToString()));
            Errors.Add(L["サインインの失敗が続いたため、このアカウントは一時的にロックされています。15分ほどしてからお試しください。"]);
            return Page();
        }
        await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.sign-in-failed", "user", user.Id.ToString(),
            After: AuditSummary.Of(new { SecondFactor = method })));
        Errors.Add(UseRecoveryCode ? L["リカバリーコードが正しくありません。"] : L["確認コードが正しくありません。時刻がずれていないかも確認してください。"]);
        return Page();
    }
}
