using System.Security.Claims;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koho.Web.SignIn;

public static class IdentitySetup
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddKohoIdentity(this IServiceCollection services)
    {
        services.AddIdentity<KohoUser, KohoRole>(o =>
            {
                // Length matters more than character classes (NISC / NIST SP 800-63B); a digit and a lower-case
                // letter are still required because municipal security policies commonly ask for them.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<KohoDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<KohoClaimsFactory>();

        // A removed role or a reset password reaches every session of the user within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "koho.auth";
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The JSON API answers 401/403 rather than redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        // Every cookie Identity issues (application, two-factor, remember-me) is Secure, HttpOnly and SameSite.
        services.PostConfigureAll<CookieAuthenticationOptions>(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(KohoPolicies.Administer, p => p.RequireRole(KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            .AddPolicy(KohoPolicies.ReadAudit, p => p.RequireRole(KohoRoles.Auditor, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            // The register as a whole: exported for the council and auditors, imported by the PR office or administrators.
            .AddPolicy(KohoPolicies.ExportRegister, p => p.RequireRole(KohoRoles.PrOffice, KohoRoles.Council, KohoRoles.Auditor, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            .AddPolicy(KohoPolicies.ImportRegister, p => p.RequireRole(KohoRoles.PrOffice, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            // The PR office speaks to citizens about impostors (and the IT office, which handles the platforms' reports).
            // The PR office stops publishing (a disaster, a hijacked account); the CISO may, for a hijacking.
            .AddPolicy(KohoPolicies.PausePublishing, p => p.RequireRole(KohoRoles.PrOffice, KohoRoles.Ciso, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            .AddPolicy(KohoPolicies.WarnImpersonation, p => p.RequireRole(KohoRoles.PrOffice, KohoRoles.ItOffice, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            .AddPolicy(KohoPolicies.ReadIncidentStatistics, p => p.RequireRole(KohoRoles.PrOffice, KohoRoles.ItOffice, KohoRoles.Ciso, KohoRoles.Council, KohoRoles.Auditor, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            // Staff's confirmations of the guideline are HR's (人事課), as the guidelines give it staff's conduct.
            .AddPolicy(KohoPolicies.ManageAcknowledgements, p => p.RequireRole(KohoRoles.Hr, KohoRoles.Administrator).RequireClaim(KohoClaims.Tenant))
            // Everything needs a signed-in member of a tenant unless it says otherwise.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireClaim(KohoClaims.Tenant).Build());
        return services;
    }

    public const string RateLimitSetting = "Koho:SignIn:MaxAttemptsPerMinute";

    /// <summary>
    /// Sign-in attempts (password and second factor) per client address and minute. Lockout protects each
    /// account; this keeps one client from trying many names, or from filling the audit trail with failures.
    /// An office behind one NAT address shares the allowance, hence a generous default.
    /// </summary>
    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.HttpContext.Response.WriteAsync("サインインの試行が多すぎます。1分ほど待ってからお試しください。", ct);
            };
            o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var isAttempt = HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/signin");
                if (!isAttempt) return System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("other");
                var limit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue(RateLimitSetting, 60);
                return System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
        });

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// While the tenant requires two-factor authentication for one of the user's roles and the user has not
    /// enrolled, every page but enrolment and sign-out sends the user to enrolment.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorEnrolmentGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(c => c.Type == KohoClaims.TwoFactorEnrolmentRequired))
            {
                var path = context.Request.Path;
                var allowed = path.StartsWithSegments("/profile/two-factor") || path.StartsWithSegments("/signout")
                              || path.StartsWithSegments("/css") || path.StartsWithSegments("/js")
                              || path.StartsWithSegments("/culture") || path.StartsWithSegments("/healthz");
                if (!allowed)
                {
                    if (path.StartsWithSegments("/api"))
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        await context.Response.WriteAsJsonAsync(new { error = "二要素認証の設定が必要です。" });
                    }
                    else
                    {
                        context.Response.Redirect("/profile/two-factor");
                    }
                    return;
                }
            }
            await next();
        });
}

/// <summary>Adds the tenant, display name, date preference and the 2FA-enrolment flag to the sign-in cookie.</summary>
public sealed class KohoClaimsFactory(
    UserManager<KohoUser> users, RoleManager<KohoRole> roles, IOptions<IdentityOptions> options, KohoDbContext db)
    : UserClaimsPrincipalFactory<KohoUser, KohoRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KohoUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(KohoClaims.Tenant, user.TenantId.ToString()));
        identity.AddClaim(new Claim(KohoClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(DateDisplay.WarekiClaim, user.PrefersWareki ? "true" : "false"));
        if (user.OutsideOrganizationId is { } outside)
        {
            identity.AddClaim(new Claim(KohoClaims.OutsideOrganization, outside.ToString()));
            var name = await db.OutsideOrganizations.IgnoreQueryFilters().Where(o => o.Id == outside).Select(o => o.Name).FirstOrDefaultAsync();
            identity.AddClaim(new Claim(KohoClaims.OutsideOrganizationName, name ?? ""));
        }
        if (await TwoFactorEnrolmentRequiredAsync(user))
        {
            identity.AddClaim(new Claim(KohoClaims.TwoFactorEnrolmentRequired, "true"));
        }
        return identity;
    }

    private async Task<bool> TwoFactorEnrolmentRequiredAsync(KohoUser user)
    {
        if (user.TwoFactorEnabled) return false;
        // People of outside organisations always need a second factor (issue: contractors).
        if (user.OutsideOrganizationId is not null) return true;
        var required = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.RequireTwoFactorForApprovers).FirstOrDefaultAsync();
        if (!required) return false;
        var userRoles = await UserManager.GetRolesAsync(user);
        return userRoles.Any(KohoRoles.Approvers.Contains);
    }
}

/// <summary>Identity's validation messages in Japanese, as the staff read them.</summary>
public sealed class JapaneseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "処理できませんでした。もう一度お試しください。");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "他の操作と重なりました。画面を開き直してください。");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "パスワードが正しくありません。");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "確認コードが正しくないか、期限切れです。");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), "サインイン名に使えるのは半角英数字と - . _ @ だけです。");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"サインイン名「{userName}」は既に使われています。");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "このメールアドレスは既に使われています。");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "メールアドレスの形式が正しくありません。");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"パスワードは{length}文字以上にしてください。");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"パスワードには{uniqueChars}種類以上の文字を使ってください。");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "パスワードに記号を含めてください。");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "パスワードに数字を含めてください。");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "パスワードに英小文字を含めてください。");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "パスワードに英大文字を含めてください。");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "パスワードは既に設定されています。");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "このユーザーにはロックアウトが設定されていません。");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "このユーザーは既にその役割を持っています。");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "このユーザーはその役割を持っていません。");
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "リカバリーコードが正しくありません。");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
