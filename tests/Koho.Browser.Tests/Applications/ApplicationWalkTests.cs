using Microsoft.Playwright;

namespace Koho.Browser.Tests.Applications;

/// <summary>
/// An application walked through every step of Musashino's pack in the browser — the section head's own steps,
/// the IT and PR offices, ICT戦略会議 for a platform never used — to an account that runs and that citizens find
/// in the public directory.
/// </summary>
public sealed class ApplicationWalkTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_application_for_a_new_platform_goes_through_every_step_to_a_running_account_in_the_directory()
    {
        var name = "武蔵野市防災情報Bluesky（" + Guid.NewGuid().ToString("N")[..4] + "）";
        var manager = await fixture.SignedInPageAsync("manager");
        await manager.GotoAsync("/applications/new");
        await manager.GetByLabel("アカウントの名称").FillAsync(name);
        await manager.GetByLabel("媒体").SelectOptionAsync("Bluesky");
        await manager.GetByLabel("アカウント名（ID）").FillAsync("musashino-bousai.bsky.social");
        await manager.GetByLabel("アカウントの URL").FillAsync("https://bsky.app/profile/musashino-bousai.bsky.social");
        await manager.GetByLabel("所管課").SelectOptionAsync(new SelectOptionValue { Label = "防災課" });
        foreach (var area in await manager.Locator("textarea[name^='Answers']").AllAsync())
            await area.FillAsync("防災情報を迅速に届けるため。詳細は運用ポリシー案のとおり。");
        await BrowserFixture.ScreenshotAsync(manager, "50-application-form");
        await manager.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await manager.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/applications/[0-9a-f-]{36}$"));
        var url = manager.Url;
        Assert.Equal("審査中", await manager.Locator(".application-status").InnerTextAsync());

        // The section head's own steps: 秘書広報課のアカウントで足りないか確かめた、運用ポリシーを作った、申請した.
        for (var i = 0; i < 3; i++)
        {
            await manager.GetByRole(AriaRole.Button, new() { Name = "実施した" }).ClickAsync();
            await manager.Locator(".alert--ok").WaitForAsync();
        }

        // Then each office in turn, each seeing the application, the earlier decisions and comments.
        foreach (var (user, comment) in new[] { ("it", "情報政策課: セキュリティ設定を確認しました。"), ("pr", "秘書広報課: 協議済み。"), ("council", "ICT戦略会議で承認。"), ("pr", "一覧に掲載します。") })
        {
            var page = await fixture.SignedInPageAsync(user);
            await page.GotoAsync(url);
            Assert.Contains("申請", await page.Locator("section.card", new() { HasText = "経過" }).InnerTextAsync());
            await page.GetByLabel("コメント（差戻し・却下のときは必須）").FillAsync(comment);
            await page.GetByRole(AriaRole.Button, new() { Name = "承認する" }).ClickAsync();
            await page.Locator(".alert--ok").WaitForAsync();
            if (user == "council") await BrowserFixture.ScreenshotAsync(page, "51-application-steps", fullPage: false);
        }
        await manager.GotoAsync(url);
        Assert.Equal("承認", await manager.Locator(".application-status").InnerTextAsync());
        Assert.Contains("ICT戦略会議で承認。", await manager.Locator("section.card", new() { HasText = "経過" }).InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(manager, "52-application-approved");

        // The account is registered as 承認済; the section head opens it.
        await manager.GetByRole(AriaRole.Link, new() { Name = "登録したアカウント" }).ClickAsync();
        await manager.GetByLabel("次の状態").SelectOptionAsync("Operating");
        await manager.GetByLabel("理由（監査ログに残ります）").FillAsync("開設しました。");
        await manager.GetByRole(AriaRole.Button, new() { Name = "変更する" }).ClickAsync();
        await manager.Locator(".alert--ok").WaitForAsync();
        await manager.GetByRole(AriaRole.Spinbutton, new() { Name = "投稿数" }).FillAsync("12");
        await manager.GetByRole(AriaRole.Button, new() { Name = "記録する", Exact = true }).ClickAsync();
        await manager.Locator(".alert--ok", new() { HasText = "投稿数を記録しました" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(manager, "53-account");
        await manager.GetByRole(AriaRole.Link, new() { Name = "運用ポリシー（案）" }).ClickAsync();
        Assert.Contains("運用ポリシー", await manager.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(manager, "54-policy-page", fullPage: false);
        await manager.GotoAsync("/applications");
        Assert.Contains(name, await manager.Locator("table").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(manager, "55-applications");
        await manager.GotoAsync("/");
        await BrowserFixture.ScreenshotAsync(manager, "56-dashboard-manager");

        // Citizens find it.
        var citizen = await fixture.NewPageAsync(390, 844);
        await citizen.GotoAsync("/directory?platform=Bluesky");
        var row = citizen.Locator("tbody tr", new() { HasText = name });
        Assert.Contains("運用中", await row.InnerTextAsync());
    }
}
