using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Koho.Web.SignIn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Koho.Web;

public static class KohoServices
{
    /// <summary>Everything the web app and the CLI share: database, identity, audit trail, organisation.</summary>
    public static IServiceCollection AddKohoCore(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantContext>();
        services.AddKohoDatabase();
        services.AddKohoIdentity();
        services.AddSingleton<AuditKey>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<OrganizationService>();
        services.AddSingleton<Koho.Web.Packs.PackRegistry>();
        services.AddSingleton<Koho.Web.Packs.PackCache>();
        services.AddScoped<Koho.Web.Packs.GuidelinePackService>();
        services.AddScoped<Koho.Web.Accounts.AccountService>();
        services.AddScoped<Koho.Web.Accounts.Documents.AccountDocuments>();
        services.AddScoped<Koho.Web.Accounts.RegisterTransfer>();
        services.AddScoped<Koho.Web.PublicDirectory.ImpersonationWarnings>();
        services.AddScoped<Koho.Web.Posts.PostService>();
        services.AddScoped<Koho.Web.Posts.EmergencyPosting>();
        services.AddScoped<Koho.Web.Posts.PostCorrections>();
        services.AddScoped<Koho.Web.Applications.OpeningApplicationService>();
        services.AddSingleton<Koho.Web.Checks.CheckService>();

        // Keys live in the database so every node (and the CLI) shares them; see DataProtectionKeyStore.
        services.AddDataProtection().SetApplicationName("Koho");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DataProtectionKeyStore(sp.GetRequiredService<IServiceScopeFactory>())));
        return services;
    }

    /// <summary>The server-rendered UI, the JSON API and their cross-cutting concerns.</summary>
    public static IServiceCollection AddKohoWeb(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
            {
                // Pages live in their feature folders with absolute routes (@page "/audit"), not under /Pages.
                o.RootDirectory = "/";
                o.Conventions.ConfigureFilter(new RequireHandlerFilter());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        services.AddAntiforgery();
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IHostEnvironment>((o, env) =>
        {
            o.Cookie.Name = "koho.af";
            // Antiforgery refuses to issue a Secure-only cookie on a plain-http request, and the development
            // server is plain http on localhost (README); everywhere else TLS is required.
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        // Japanese text goes out as characters, not as &#x...; entities (smaller pages, readable source).
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<DateDisplay>();
        services.AddSignInRateLimit();
        services.AddOpenApi();
        services.AddProblemDetails();
        // Behind a TLS-terminating reverse proxy on the same host (nginx), trust its X-Forwarded-Proto so that
        // requests count as HTTPS for Secure cookies and antiforgery.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto);
        return services;
    }
}
