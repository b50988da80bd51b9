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
    AuditTrail audit, IUserStore<KohoUser> store, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? Code { get; set; }

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
        if (!await CodeIsValidAsync(user))
        {
            Errors.Add(L["確認コードが正しくありません。時刻がずれていないかも確認してください。"]);
            await LoadAsync(user);
            return Page();
        }
        // Enabling, the recovery codes and the audit record are one unit of work: all or nothing.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
            await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.two-factor-enabled", "user", user.Id.ToString()));
            await tx.CommitAsync();
        }
        // New claims: the enrolment gate lets the user through from now on.
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    /// <summary>New recovery codes need a current authenticator code, so that a stolen session cannot take them.</summary>
    public async Task<IActionResult> OnPostNewRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        if (!await CodeIsValidAsync(user))
        {
            Errors.Add(L["確認のため、認証アプリの現在のコードを入力してください。"]);
            await LoadAsync(user);
            return Page();
        }
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList();
            await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.recovery-codes-renewed", "user", user.Id.ToString()));
            await tx.CommitAsync();
        }
        Enabled = true;
        return Page();
    }

    /// <summary>Turning 2FA off needs a current authenticator code too, and is refused where the tenant requires it.</summary>
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
        if (!await CodeIsValidAsync(user))
        {
            Errors.Add(L["確認のため、認証アプリの現在のコードを入力してください。"]);
            await LoadAsync(user);
            return Page();
        }
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.two-factor-disabled", "user", user.Id.ToString()));
            await tx.CommitAsync();
        }
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private async Task<bool> CodeIsValidAsync(KohoUser user)
    {
        // An empty field binds as null.
        var code = new string((Code ?? "").Where(char.IsDigit).ToArray());
        return code.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
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
            // A pending key, usable only once a code from it is confirmed. Stored directly rather than through
            // ResetAuthenticatorKeyAsync, which would also renew the security stamp and sign the user out of
            // this very session while they are still setting up their phone.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<KohoUser>)store).SetAuthenticatorKeyAsync(user, key, HttpContext.RequestAborted);
            await users.UpdateAsync(user);
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
