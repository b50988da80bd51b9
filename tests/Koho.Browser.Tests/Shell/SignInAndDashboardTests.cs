using Microsoft.Playwright;

namespace Koho.Browser.Tests.Shell;

/// <summary>A member of staff signs in with the demo account and works in the shell, in a real browser.</summary>
public sealed class SignInAndDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "Koho-demo-2026";

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/");
        await BrowserFixture.SignInAsync(page, user);
    }

    [Fact]
    public async Task A_demo_user_signs_in_and_reaches_the_dashboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        Assert.EndsWith("/signin?ReturnUrl=%2F", page.Url);
        await BrowserFixture.ScreenshotAsync(page, "01-signin");

        await SignInAsync(page, "manager");
        Assert.Equal("ダッシュボード", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("山田 太郎（防災課長）", await page.Locator(".user-chip").InnerTextAsync());
        Assert.Contains("武蔵野市防災情報X（デモ）", await page.Locator("main").InnerTextAsync());
        Assert.Contains("令和", await page.Locator("footer").InnerTextAsync());
        // Japanese glyphs really render (fonts-noto-cjk): the heading is wider than boxes would make it.
        var box = await page.Locator("h1").BoundingBoxAsync();
        Assert.True(box!.Width > 100, $"heading width {box.Width}");
        await BrowserFixture.ScreenshotAsync(page, "02-dashboard");
    }

    [Fact]
    public async Task The_shell_works_on_a_phone_without_sideways_scrolling()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await SignInAsync(page, "admin");
        foreach (var (url, name) in new[] { ("/", "03-phone-dashboard"), ("/organization/users", "04-phone-users"), ("/audit", "05-phone-audit") })
        {
            await page.GotoAsync(url);
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
            Assert.False(overflow, $"{url} scrolls sideways on a phone");
            Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).IsVisibleAsync());
            await BrowserFixture.ScreenshotAsync(page, name);
        }
    }

    [Fact]
    public async Task Everything_can_be_done_from_the_keyboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/signin");
        // The sign-in name field has focus on arrival.
        Assert.Equal("UserName", await page.EvaluateAsync<string>("() => document.activeElement.name"));
        await page.Keyboard.TypeAsync("pr");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".user-chip").WaitForAsync();
        Assert.Equal("ダッシュボード", await page.Locator("h1").InnerTextAsync());

        // First Tab reaches the skip link, which jumps past the navigation to the content.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("本文へ移動", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        // The navigation is reachable by Tab and opens with Enter.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" })
            .GetByRole(AriaRole.Link, new() { Name = "公式アカウント", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("h1", new() { HasText = "公式アカウント" }).WaitForAsync();
        Assert.Equal("公式アカウント", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task The_administrator_sees_the_organisation_audit_trail_and_two_factor_setup()
    {
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "組織", Exact = true }).ClickAsync();
        Assert.Contains("秘書広報課", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "06-organization");

        await page.GotoAsync("/organization/users");
        await BrowserFixture.ScreenshotAsync(page, "07-users");
        await page.Locator("main tbody tr", new() { HasText = "hr" }).GetByRole(AriaRole.Link, new() { Name = "編集" }).ClickAsync();
        await page.Locator("h1", new() { HasText = "職員の編集" }).WaitForAsync();
        Assert.True(await page.GetByLabel("所属", new() { Exact = true }).IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "07c-user-edit");
        await page.GotoAsync("/organization/settings");
        Assert.Equal("ICT戦略会議", await page.GetByLabel("新規媒体を承認する会議体").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "07d-settings");
        await page.GotoAsync("/profile");
        Assert.Contains("管理 七海", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "07e-profile");

        await page.GotoAsync("/accounts");
        var accounts = await page.Locator("main table").InnerTextAsync();
        Assert.Contains("武蔵野市公式X（デモ）", accounts);
        Assert.Contains("申請中", accounts);
        await page.GetByLabel("状態").SelectOptionAsync("Applying");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込み" }).ClickAsync();
        await page.Locator("main tbody tr >> nth=0").WaitForAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('status=Applying')");
        Assert.Equal(1, await page.Locator("main tbody tr").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "07b-accounts-applying");

        await page.GetByRole(AriaRole.Link, new() { Name = "監査ログ", Exact = true }).ClickAsync();
        Assert.Contains("department.created", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "08-audit");

        await page.GotoAsync("/audit/verify");
        Assert.Contains("問題ありません", await page.Locator("main").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "08b-audit-verify");

        await page.GotoAsync("/profile/two-factor");
        var qr = page.GetByAltText("認証アプリ登録用の QR コード");
        Assert.True(await qr.IsVisibleAsync());
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"));
        await BrowserFixture.ScreenshotAsync(page, "09-two-factor");
    }

    [Fact]
    public async Task The_language_switch_shows_the_UI_in_English()
    {
        var page = await fixture.NewPageAsync();
        await SignInAsync(page, "auditor");
        await page.GetByLabel("表示言語").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "切替" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "10-english-dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "11-english-audit");
    }
}
