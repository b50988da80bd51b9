using System.Globalization;
using Koho.Web;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Checks;
using Koho.Web.Contractors;
using Koho.Web.Database;
using Koho.Web.Demo;
using Koho.Web.Incidents;
using Koho.Web.Watch;
using Koho.Web.Operations;
using Koho.Web.Packs;
using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.PrivateUse;
using Koho.Web.PublicDirectory;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Koho.Web.SignIn;
using Microsoft.AspNetCore.Localization;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddKohoLogging(builder.Environment);
builder.Services.AddKohoCore().AddKohoWeb().AddKohoDirectory().AddKohoPublishing(builder.Configuration)
    .AddKohoIncidents(builder.Configuration).AddKohoWatch(builder.Configuration).AddKohoPrivateUse().AddKohoContractors().AddKohoScheduling(builder.Configuration);

var app = builder.Build();

StartupChecks.RequireValidPacks(app.Services);
await app.Services.MigrateKohoDatabaseAsync();
// First, so that everything after it (HSTS, Secure cookies, antiforgery) sees the client's real scheme.
app.UseForwardedHeaders();
if (app.Environment.IsDevelopment())
{
    await DemoSeeder.SeedAsync(app.Services);
}
else
{
    await StartupChecks.RequireAdministratorAsync(app.Services);
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseKohoSecurityHeaders();
app.UseStaticFiles();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("ja-JP"),
    SupportedCultures = [new CultureInfo("ja-JP"), new CultureInfo("en")],
    SupportedUICultures = [new CultureInfo("ja-JP"), new CultureInfo("en")],
    // Only the user's explicit choice (the language switch's cookie) changes the language, not the browser.
    RequestCultureProviders = [new CookieRequestCultureProvider()],
});
app.UseRouting();
// Right after routing: a cached public page (the directory) is answered before sign-in and rate limiting run.
app.UseOutputCache();
app.UseRateLimiter();
app.UseAuthentication();
app.UseOutsideUserGate();
app.UseTwoFactorEnrolmentGate();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz").AllowAnonymous();
// The API's description: public while developing; in production for signed-in staff only.
if (app.Environment.IsDevelopment()) app.MapOpenApi().AllowAnonymous(); else app.MapOpenApi();
app.MapRazorPages();
app.MapOrganizationApi();
app.MapAccountsApi();
app.MapAuditApi();
app.MapCheckApi();
app.MapPostsApi();
app.MapPublicMedia();
app.MapPackApi();
app.MapDirectoryApi();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
