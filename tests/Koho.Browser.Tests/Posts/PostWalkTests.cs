using Microsoft.Playwright;

namespace Koho.Browser.Tests.Posts;

/// <summary>
/// 防災 花子 writes a post for 防災課's X account, sees the checker's findings and the X preview, the draft saves
/// itself as she types, she asks for approval, and her 課長 approves it from his queue.
/// </summary>
public sealed class PostWalkTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_operator_drafts_with_the_checker_beside_the_text_and_the_section_head_approves()
    {
        var author = await fixture.SignedInPageAsync("operator");
        await author.GotoAsync("/posts");
        await author.GetByRole(AriaRole.Link, new() { Name = "新しい投稿" }).ClickAsync();
        await author.GetByLabel("武蔵野市防災情報X（デモ）").CheckAsync();
        var at = NextWorkingMorning();
        await author.GetByLabel("公開予定日時（空欄なら承認後すぐ）").FillAsync(at.ToString("yyyy-MM-ddTHH:mm"));
        await author.GetByLabel("本文").FillAsync("【防災訓練】市役所前で総合防災訓練を行います。詳しくは http://bit.ly/abc をご覧ください。");
        await author.GetByRole(AriaRole.Button, new() { Name = "下書きを保存" }).ClickAsync();
        await Assertions.Expect(author.GetByRole(AriaRole.Status)).ToContainTextAsync("下書きを保存しました。");
        await Assertions.Expect(author.Locator("#post-findings")).ToContainTextAsync("短縮URL");
        await Assertions.Expect(author.Locator(".preview")).ToContainTextAsync("/ 280");

        // Typing fixes the link; the draft saves itself and the findings follow.
        await author.GetByLabel("本文").FillAsync("【防災訓練】市役所前で総合防災訓練を行います。詳しくは市ホームページをご覧ください。");
        await Assertions.Expect(author.Locator("#autosave-status")).ToContainTextAsync("自動保存しました", new() { Timeout = 15000 });
        await Assertions.Expect(author.Locator("#post-findings")).Not.ToContainTextAsync("短縮URL");
        await BrowserFixture.ScreenshotAsync(author, "60-post-editor");

        await author.GetByRole(AriaRole.Button, new() { Name = "保存して承認を依頼" }).ClickAsync();
        await Assertions.Expect(author.GetByRole(AriaRole.Status)).ToContainTextAsync("承認を依頼しました。");
        var postUrl = author.Url;

        var manager = await fixture.SignedInPageAsync("manager");
        await manager.GotoAsync("/");
        await manager.GetByRole(AriaRole.Link, new() { Name = "あなたの承認を待っている投稿が" }).First.ClickAsync();
        await manager.GetByRole(AriaRole.Link, new() { Name = "【防災訓練】市役所前で総合防災訓練" }).First.ClickAsync();
        await Assertions.Expect(manager.Locator("h2", new() { HasText = "承認の判断" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(manager, "61-post-approval");
        await manager.GetByRole(AriaRole.Button, new() { Name = "承認する" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("承認しました。");
        await Assertions.Expect(manager.Locator(".page-head .status-tag")).ToHaveTextAsync("承認済");

        // The author's page says so, and an edit now would void the approval.
        await author.GotoAsync(postUrl);
        await Assertions.Expect(author.Locator(".alert--warn")).ToContainTextAsync("承認は取り消され");
        var phone = await fixture.SignedInPageAsync("operator", 390, 844);
        await phone.GotoAsync(postUrl);
        await BrowserFixture.ScreenshotAsync(phone, "62-post-phone");
    }

    private static DateTimeOffset NextWorkingMorning()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(7);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3))
            day = day.AddDays(1);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));
    }
}
