using Microsoft.Playwright;

namespace Koho.Browser.Tests.Packs;

/// <summary>Staff read their guideline; an administrator uploads a pack version and sees its mistakes by line.</summary>
public sealed class PackPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Staff_read_the_guideline_clause_by_clause_with_what_Koho_enforces()
    {
        var page = await fixture.SignedInPageAsync("operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "ガイドライン", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/packs");
        Assert.Equal("武蔵野市ソーシャルメディア利用ガイドライン", await page.Locator("h1").InnerTextAsync());
        var emergency = page.Locator(".clauses li", new() { HasText = "2.1ウ②" }).First;
        Assert.Contains("投稿の承認・緊急時の発信・訂正", await emergency.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "30-packs", fullPage: false);
        await emergency.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "31-packs-clauses", fullPage: false);

        var narrow = await fixture.SignedInPageAsync("operator", 390, 844);
        await narrow.GotoAsync("/packs");
        await BrowserFixture.ScreenshotAsync(narrow, "32-packs-phone", fullPage: false);
    }

    [Fact]
    public async Task An_administrator_sees_every_mistake_of_an_upload_then_registers_a_good_version()
    {
        var page = await fixture.SignedInPageAsync("admin");
        await page.GotoAsync("/packs/manage");
        await page.GetByLabel("または YAML を貼り付け").FillAsync("id: musashino\nextends: musashino\nhours:\n  start: \"8時半\"\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "検証して登録" }).ClickAsync();
        var error = page.Locator(".alert--error");
        await error.WaitForAsync();
        Assert.Contains("4 行目: hours.start:「8時半」は 08:30 の形で書いてください。", await error.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "33-packs-upload-errors");

        await page.GetByLabel("または YAML を貼り付け").FillAsync("id: musashino\nextends: musashino\nhours:\n  start: \"08:30\"\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "検証して登録" }).ClickAsync();
        var ok = page.Locator(".alert--ok");
        await ok.WaitForAsync();
        Assert.Contains("を登録し、この団体のパックにしました。", await ok.InnerTextAsync());
        Assert.Contains("musashino", await page.Locator("table").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "34-packs-manage");
    }
}
