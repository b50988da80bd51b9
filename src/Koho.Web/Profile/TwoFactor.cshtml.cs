using System.Text;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Koho.Web.Profile;

/// <summary>TOTP enrolment (RFC 6238) with a QR code, recovery codes, and their renewal.</summary>
public sealed class TwoFactorSetupModel(UserManager<KohoUser> users, SignInManager<KohoUser> signIn, KohoDbContext db,
    AuditTrail audit, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool EnrolmentRequired { get; private set; }
    public bool CannotDisable { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var code = new string(Code.Where(char.IsDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Errors.Add(L["確認コードが正しくありません。時刻がずれていないかも確認してください。"]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
        await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.two-factor-enabled", "user", user.Id.ToString()));
        // New claims: the enrolment gate lets the user through from now on.
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostNewRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
        await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.recovery-codes-renewed", "user", user.Id.ToString()));
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await RequiredForAsync(user))
        {
            Errors.Add(L["この団体では、あなたの役割には二要素認証が必須のため無効にできません。"]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.two-factor-disabled", "user", user.Id.ToString()));
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private async Task LoadAsync(KohoUser user)
    {
        Enabled = user.TwoFactorEnabled;
        EnrolmentRequired = User.HasClaim(c => c.Type == KohoClaims.TwoFactorEnrolmentRequired);
        CannotDisable = await RequiredForAsync(user);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = FormatKey(key!);
        var tenantName = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Name).FirstAsync();
        var issuer = Uri.EscapeDataString($"Koho {tenantName}");
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={issuer}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    private async Task<bool> RequiredForAsync(KohoUser user)
    {
        var required = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.RequireTwoFactorForApprovers).FirstAsync();
        return required && (await users.GetRolesAsync(user)).Any(KohoRoles.Approvers.Contains);
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    private static AuditActor Actor(KohoUser user) => new(user.Id, $"{user.DisplayName} ({user.UserName})");
}
