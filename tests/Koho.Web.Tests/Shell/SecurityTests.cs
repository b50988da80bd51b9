using System.Net;
using Koho.Web.Shell;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Shell;

public sealed class SecurityTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/signin")]
    [InlineData("/healthz")]
    [InlineData("/api/me")]
    [InlineData("/css/site.css")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await fixture.App.NewClient().GetAsync(url, Ct);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_use_no_inline_script_or_style()
    {
        var client = await fixture.App.SignedInClientAsync("admin");
        foreach (var url in new[] { "/", "/checks", "/accounts", "/organization", "/organization/users", "/organization/settings", "/audit", "/audit/verify", "/profile", "/profile/two-factor" })
        {
            var html = await client.GetHtmlAsync(url);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain(" style=\"", html);
            Assert.DoesNotContain("<style", html);
            Assert.DoesNotContain(" onclick=", html);
        }
    }

    [Fact]
    public async Task Session_and_antiforgery_cookies_are_Secure_HttpOnly_and_SameSite()
    {
        var client = fixture.App.NewClient();
        var page = await client.GetAsync("/signin", Ct);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("koho.af=", StringComparison.Ordinal));
        AssertHardened(antiforgery, "samesite=strict");

        var signIn = await client.SignInAsync("operator", Koho.Web.Demo.DemoSeeder.Password);
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("koho.auth=", StringComparison.Ordinal));
        AssertHardened(session, "samesite=lax");
    }

    private static void AssertHardened(string cookie, string sameSite)
    {
        var lower = cookie.ToLowerInvariant();
        Assert.Contains("; secure", lower);
        Assert.Contains("; httponly", lower);
        Assert.Contains(sameSite, lower);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var client = await fixture.App.SignedInClientAsync("admin");
        var response = await client.PostAsync("/organization", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "偽造課" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("偽造課", await client.GetHtmlAsync("/organization"));
    }

    [Fact]
    public async Task Roles_limit_what_each_user_reaches()
    {
        var op = await fixture.App.SignedInClientAsync("operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/users", Ct)).StatusCode);
        var denied = await op.GetAsync("/organization/users", Ct);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/denied", denied.Headers.Location!.OriginalString);
        // An operator may see the organisation but not add to it.
        var add = await op.PostFormAsync("/organization", new() { ["Name"] = "無断課" });
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Contains("/denied", add.Headers.Location!.OriginalString);
        Assert.DoesNotContain("無断課", await op.GetHtmlAsync("/organization"));

        var auditor = await fixture.App.SignedInClientAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_CSP_in_code_is_the_one_served() =>
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy,
            (await fixture.App.NewClient().GetAsync("/signin", Ct)).Headers.GetValues("Content-Security-Policy").Single());
}
