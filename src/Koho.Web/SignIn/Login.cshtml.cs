using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;
using Koho.Web.Audit;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Koho.Web.SignIn;

public sealed class LoginModel(SignInManager<KohoUser> signIn, UserManager<KohoUser> users, AuditTrail audit, KohoDbContext db, TimeProvider time,
    IStringLocalizer<SharedResource> L, ILogger<LoginModel> log) : PageModel
{
    // Empty fields bind as null.
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public List<string> Errors { get; } = [];

    public IActionResult OnGet(bool ended = false)
    {
        if (User.Identity?.IsAuthenticated == true) return LocalRedirect(SafeReturnUrl);
        if (ended) Errors.Add(L[Contractors.OutsideAccess.EndedMessage]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Errors.Add(L["サインイン名とパスワードを入力してください。"]);
            return Page();
        }

        var user = await users.FindByNameAsync(UserName!.Trim());
        // The same message for an unknown name and a wrong password, so that names cannot be probed.
        if (user is null)
        {
            // Spend the time a password check takes, so that response times do not reveal which names exist.
            users.PasswordHasher.VerifyHashedPassword(DummyUser, DummyHash.Value, Password!);
            log.LogInformation("Sign-in failed for an unknown user name");
            Errors.Add(L["サインイン名またはパスワードが正しくありません。"]);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        var actor = new AuditActor(user.Id, $"{user.DisplayName} ({user.UserName})");
        if ((result.Succeeded || result.RequiresTwoFactor) && user.OutsideOrganizationId is { } outside)
        {
            // The right password, but the organisation does not run now (period over or not begun, or ended): no session.
            var organization = await db.OutsideOrganizations.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == outside && o.TenantId == user.TenantId);
            if (organization is null || !Contractors.OutsideAccess.IsRunning(organization, Shell.JapaneseDates.TodayJst(time)))
            {
                await signIn.SignOutAsync();
                await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.sign-in-refused", "user", user.Id.ToString(),
                    After: AuditSummary.Of(new { Reason = "outside-organization-not-running", Organization = organization?.Name })));
                Errors.Add(L[Contractors.OutsideAccess.EndedMessage]);
                return Page();
            }
        }
        if (result.Succeeded)
        {
            await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.signed-in", "user", user.Id.ToString()));
            return LocalRedirect(SafeReturnUrl);
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/SignIn/TwoFactor", new { ReturnUrl = SafeReturnUrl });
        }
        if (result.IsLockedOut)
        {
            await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.locked-out", "user", user.Id.ToString()));
            Errors.Add(L["サインインの失敗が続いたため、このアカウントは一時的にロックされています。15分ほどしてからお試しください。"]);
            return Page();
        }
        await audit.SaveAsync(new AuditEntry(user.TenantId, actor, "user.sign-in-failed", "user", user.Id.ToString(),
            After: AuditSummary.Of(new { user.AccessFailedCount })));
        Errors.Add(L["サインイン名またはパスワードが正しくありません。"]);
        return Page();
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private static readonly KohoUser DummyUser = new() { UserName = "-" };
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<KohoUser>().HashPassword(DummyUser, Guid.NewGuid().ToString()));
}
