using Microsoft.Playwright;

namespace Koho.Browser.Tests.PublicDirectory;

/// <summary>A citizen checks on a phone whether an account is the municipality's own.</summary>
public sealed class DirectoryPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_finds_the_official_accounts_by_platform_without_signing_in()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await page.GotoAsync("/directory");
        Assert.Equal("武蔵野市 公式ソーシャルメディアアカウント一覧", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "40-directory-phone");

        await page.GetByLabel("SNS").SelectOptionAsync("Line");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込み" }).ClickAsync();
        await page.WaitForURLAsync("**platform=Line**");
        var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("LINE", r));

        var wide = await fixture.NewPageAsync(1280, 800);
        await wide.GotoAsync("/directory");
        await BrowserFixture.ScreenshotAsync(wide, "41-directory");
        var csv = await wide.GetByRole(AriaRole.Link, new() { Name = "CSV（Excel で開けます）" }).GetAttributeAsync("href");
        Assert.Equal("/directory.csv", csv);
    }
}
