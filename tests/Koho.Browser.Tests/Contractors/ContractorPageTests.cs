using Microsoft.Playwright;

namespace Koho.Browser.Tests.Contractors;

/// <summary>A 所属長 registers the designated manager of a facility and entrusts one of the department's accounts to it.</summary>
public sealed class ContractorPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_designated_manager_is_registered_and_given_one_of_the_departments_accounts()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var page = await fixture.SignedInPageAsync("manager");
        await page.GotoAsync("/organization");
        await page.GetByRole(AriaRole.Link, new() { Name = "外部の運用団体" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "団体を登録する" }).ClickAsync();
        await page.GetByLabel("団体の名称").FillAsync("一般財団法人 武蔵野防災協会");
        await page.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "指定管理者" });
        await page.GetByLabel("対象の施設・業務").FillAsync("武蔵野市防災センターの管理運営");
        await page.GetByLabel("期間の始め").FillAsync(today.AddMonths(-6).ToString("yyyy-MM-dd"));
        await page.GetByLabel("期間の終わり").FillAsync(today.AddDays(20).ToString("yyyy-MM-dd"));
        await page.GetByLabel("所管課", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "　防災課" });
        await page.GetByLabel("運用管理責任者（所管課の所属長）").SelectOptionAsync(new SelectOptionValue { Label = "山田 太郎（防災課長）（防災安全部 / 防災課）" });
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("団体を登録しました");
        await Assertions.Expect(page.Locator(".alert--warn")).ToContainTextAsync("あと 20 日");

        await page.GetByLabel("任せる公式アカウント").SelectOptionAsync(new SelectOptionValue { Label = "武蔵野市防災情報X（デモ）" });
        await page.GetByRole(AriaRole.Button, new() { Name = "任せる", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#assigned")).ToContainTextAsync("武蔵野市防災情報X（デモ）");
        await BrowserFixture.ScreenshotAsync(page, "89-contractor");

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".attention")).ToContainTextAsync("「一般財団法人 武蔵野防災協会」の指定期間があと 20 日で終わります。");
        await page.GotoAsync("/contractors");
        await Assertions.Expect(page.Locator("#organizations")).ToContainTextAsync("あと 20 日");
        await BrowserFixture.ScreenshotAsync(page, "90-contractors");
    }
}
