using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.RegularExpressions;
using Koho.Web.Database;
using Koho.Web.Demo;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Testing;

/// <summary>The real Koho web app on an in-memory server, over a throwaway database of either provider.</summary>
public sealed class KohoApp(TestDatabase database, string environment = "Development", Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Koho:Database:Provider", Database.ProviderName);
        builder.UseSetting("ConnectionStrings:Koho", Database.ConnectionString);
        builder.UseSetting(Koho.Web.Audit.AuditKey.KeySetting, TestServices.AuditKey);
        // Tests sign in many times from one (in-memory) client address.
        builder.UseSetting(Koho.Web.SignIn.IdentitySetup.RateLimitSetting, "100000");
        // The scheduler stays off unless a test turns it on: tests run the publisher themselves, when they choose.
        builder.UseSetting("Koho:Publishing:Enabled", "false");
        builder.UseSetting("Koho:Notifications:Enabled", "false"); // tests run the timer and the outbox themselves
        builder.UseSetting("Koho:Notifications:AllowLoopbackWebhooks", "true");
        builder.UseSetting("Koho:Notifications:BaseUrl", "https://koho.test");
        builder.UseSetting("Koho:Watch:Enabled", "false");
        builder.UseSetting("Koho:Publishing:PublicBaseUrl", "https://koho.test");
        // The fake platforms run on this machine over http, and list new posts at once.
        builder.UseSetting("Koho:Publishing:AllowLoopbackApis", "true");
        builder.UseSetting("Koho:Publishing:ReconcileDelaySeconds", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (configureServices is not null) builder.ConfigureServices(configureServices);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, speaks HTTPS (cookies are Secure).</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public async Task<HttpClient> SignedInClientAsync(string userName, string password = DemoSeeder.Password)
    {
        var client = NewClient();
        var response = await client.SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The demo municipality's id (武蔵野市, 132039, seeded in Development).</summary>
    public Task<Guid> DemoTenantIdAsync() =>
        WithDbAsync(async (db, _) => (await db.Tenants.FirstAsync(t => t.Code == "132039")).Id);

    /// <summary>Runs code against the app's own services in a scope, acting for the given tenant.</summary>
    public async Task<T> WithDbAsync<T>(Func<KohoDbContext, IServiceProvider, Task<T>> work, Guid? tenantId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        if (tenantId is { } t) scope.ServiceProvider.GetRequiredService<TenantContext>().Use(t);
        return await work(scope.ServiceProvider.GetRequiredService<KohoDbContext>(), scope.ServiceProvider);
    }
}

public static partial class HttpClientForms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token on the page.");

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password) =>
        await client.PostFormAsync("/signin", new() { ["UserName"] = userName, ["Password"] = password });

    /// <summary>Opens the page as a browser would (to get its antiforgery token), then submits the form.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url,
        Dictionary<string, string> fields, string? formPage = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var page = await client.GetAsync(formPage ?? url);
        var html = await page.Content.ReadAsStringAsync();
        var values = fields.ToList();
        if (extra is not null) values.AddRange(extra);
        values.Add(new("__RequestVerificationToken", AntiforgeryToken(html)));
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>The page a form's answer shows: the response itself, or — after post/redirect/get — the page it redirects to.</summary>
    public static async Task<string> PageAfterAsync(this HttpClient client, HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther
            ? await client.GetHtmlAsync(response.Headers.Location!.OriginalString)
            : await response.Content.ReadAsStringAsync();

    public static async Task<string> GetHtmlAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
