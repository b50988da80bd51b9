using Microsoft.Playwright;

namespace Koho.Browser.Tests.PublicDirectory;

/// <summary>The PR office warns citizens about an impostor; a citizen on a phone sees the warning on the directory.</summary>
public sealed class ImpersonationWarningPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_pr_office_posts_a_warning_that_citizens_see_and_then_clears_it()
    {
        var staff = await fixture.SignedInPageAsync("pr");
        await staff.GotoAsync("/accounts");
        await staff.GetByRole(AriaRole.Link, new() { Name = "なりすましの注意" }).ClickAsync();
        await staff.GetByLabel("SNS").SelectOptionAsync("Instagram");
        await staff.GetByLabel("なりすましアカウント名").FillAsync("@musashino.city.official_");
        await staff.GetByLabel("なりすまされている公式アカウント（任意）").SelectOptionAsync(new SelectOptionValue { Label = "武蔵野市公式X（デモ）（X）" });
        await staff.GetByRole(AriaRole.Button, new() { Name = "掲載する" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("公開一覧になりすましの注意を掲載しました。");
        await BrowserFixture.ScreenshotAsync(staff, "42-impersonation-staff");

        var citizen = await fixture.NewPageAsync(390, 844);
        await citizen.GotoAsync("/directory");
        var banner = citizen.GetByRole(AriaRole.Alert);
        await Assertions.Expect(banner).ToContainTextAsync("なりすましアカウントにご注意ください");
        await Assertions.Expect(banner).ToContainTextAsync("@musashino.city.official_");
        Assert.Equal(0, await banner.Locator("a").CountAsync()); // the impostor is never linked
        await BrowserFixture.ScreenshotAsync(citizen, "43-directory-impersonation-phone");

        await staff.GetByRole(AriaRole.Button, new() { Name = "解除する" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("なりすましの注意を解除しました。");
        await citizen.ReloadAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }
}
