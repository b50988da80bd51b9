using Microsoft.Playwright;

namespace Koho.Browser.Tests.Posts;

/// <summary>The stop-all switch as staff see it, and the section head approving an emergency scope.</summary>
public sealed class PauseAndEmergencyPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_pr_office_stops_publishing_and_every_staff_page_says_so_until_it_is_resumed()
    {
        var pr = await fixture.SignedInPageAsync("pr");
        await pr.GotoAsync("/posts");
        await pr.GetByRole(AriaRole.Link, new() { Name = "投稿の一時停止" }).First.ClickAsync();
        await pr.GetByLabel("理由（全職員の画面に表示されます）").FillAsync("震度6弱の地震のため、予約投稿を止めます");
        await pr.GetByRole(AriaRole.Button, new() { Name = "投稿を停止する" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("投稿を停止しました。");

        var operatorPage = await fixture.SignedInPageAsync("operator", 390, 844);
        await operatorPage.GotoAsync("/");
        await Assertions.Expect(operatorPage.Locator(".pause-banner")).ToContainTextAsync("震度6弱の地震のため");
        await Assertions.Expect(operatorPage.Locator(".pause-banner a")).ToHaveCountAsync(0);   // no link to a page they may not open
        await BrowserFixture.ScreenshotAsync(operatorPage, "63-pause-banner-phone");

        await pr.GetByRole(AriaRole.Button, new() { Name = "解除する" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("停止を解除しました。");
        await operatorPage.ReloadAsync();
        await Assertions.Expect(operatorPage.Locator(".pause-banner")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_section_head_approves_a_scope_for_emergency_posts_in_advance()
    {
        var manager = await fixture.SignedInPageAsync("manager");
        await manager.GotoAsync("/posts/emergency");
        await manager.GetByLabel("範囲の名前").FillAsync("地震発生時の避難所開設情報");
        await manager.GetByLabel("武蔵野市防災情報X（デモ）").CheckAsync();
        await manager.GetByLabel("有効期間（まで）").FillAsync(DateTime.UtcNow.AddHours(9).AddMonths(6).ToString("yyyy-MM-dd"));
        await manager.GetByRole(AriaRole.Button, new() { Name = "範囲を定める" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("事前承認の範囲を定めました。");
        await Assertions.Expect(manager.Locator(".scope").First).ToContainTextAsync("{場所}");
        await BrowserFixture.ScreenshotAsync(manager, "64-emergency-scopes");
    }
}
