using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Profile;

public sealed class ProfileModel(UserManager<KohoUser> users, SignInManager<KohoUser> signIn, KohoDbContext db,
    AuditTrail audit, IStringLocalizer<SharedResource> L, Microsoft.Extensions.Options.IOptions<Notifications.NotificationOptions> notificationOptions) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string? DepartmentName { get; private set; }
    public IReadOnlyList<string> RoleLabels { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    public bool PrefersWareki { get; private set; }
    public string? Email { get; private set; }
    public string? Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPreferencesAsync(bool prefersWareki)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (user.PrefersWareki != prefersWareki)
        {
            var before = AuditSummary.Of(new { user.PrefersWareki });
            user.PrefersWareki = prefersWareki;
            // Saved by the audit trail together with its record (the user is tracked by this context).
            await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.preferences-changed", "user", user.Id.ToString(),
                before, AuditSummary.Of(new { user.PrefersWareki })));
            await signIn.RefreshSignInAsync(user);
        }
        Saved = L["保存しました。"];
        await LoadAsync(user);
        return Page();
    }

    /// <summary>Where incident notifications are e-mailed (empty: in Koho only). The trail records the change, not the address.</summary>
    public async Task<IActionResult> OnPostEmailAsync(string? email)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is not null && (email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0))
        {
            Errors.Add(L["メールアドレスの形が正しくありません（例: taro.yamada@city.example.lg.jp）。"]);
        }
        else if (email is not null && !notificationOptions.Value.EmailAllowed(email))
        {
            Errors.Add(L["通知を受け取れるのは {0} のアドレスです（インシデントの連絡を個人のメールに送らないため）。", string.Join("・", notificationOptions.Value.AllowedEmailDomains)]);
        }
        else if (email != user.Email)
        {
            var before = AuditSummary.Of(new { HasEmail = user.Email is not null, Domain = user.Email?.Split('@').Last() });
            user.Email = email;
            user.NormalizedEmail = users.NormalizeEmail(email);
            user.EmailConfirmed = false;
            await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.email-changed", "user", user.Id.ToString(),
                before, AuditSummary.Of(new { HasEmail = email is not null, Domain = email?.Split('@').Last() })));
            Saved = L["通知のメールアドレスを保存しました。"];
        }
        else Saved = L["保存しました。"];
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        // The new password and its audit record are saved together or not at all (the audit gate is taken before the
        // transaction, so no other writer waits on the database meanwhile).
        var result = await audit.InTransactionAsync(async () =>
        {
            var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword ?? "");
            if (changed.Succeeded) await audit.SaveAsync(new AuditEntry(user.TenantId, Actor(user), "user.password-changed", "user", user.Id.ToString()));
            return (changed, changed.Succeeded);
        });
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
            user = await users.GetUserAsync(User) ?? user; // the tracker was cleared with the rollback
        }
        else
        {
            await signIn.RefreshSignInAsync(user);
            Saved = L["パスワードを変更しました。"];
        }
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(KohoUser user)
    {
        DisplayName = user.DisplayName;
        TwoFactorEnabled = user.TwoFactorEnabled;
        PrefersWareki = user.PrefersWareki;
        Email = user.Email;
        DepartmentName = await db.Departments.Where(d => d.Id == user.DepartmentId).Select(d => d.Name).FirstOrDefaultAsync();
        var offices = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Offices).FirstAsync();
        RoleLabels = (await users.GetRolesAsync(user)).Select(r => KohoRoles.Label(r, offices)).ToList();
    }

    private static AuditActor Actor(KohoUser user) => new(user.Id, $"{user.DisplayName} ({user.UserName})");
}
