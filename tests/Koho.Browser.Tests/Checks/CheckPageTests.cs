using Microsoft.Playwright;

namespace Koho.Browser.Tests.Checks;

/// <summary>Staff type a draft and see the findings beside it as they type.</summary>
public sealed class CheckPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Findings_appear_and_are_marked_in_the_text_while_typing()
    {
        var page = await fixture.SignedInPageAsync("operator");
        await page.GotoAsync("/checks");
        await page.GetByLabel("投稿する文章").FillAsync("【内部資料】例の××議員の件、担当の携帯 090-1234-5678 まで。詳しくは https://bit.ly/abc");
        var marks = page.Locator("#check-result .highlighted mark");
        await marks.First.WaitForAsync();
        Assert.Contains("このままでは投稿できません", await page.Locator("#check-result .verdict").InnerTextAsync());
        var findings = await page.Locator("#check-result .finding").AllInnerTextsAsync();
        Assert.Contains(findings, f => f.Contains("個人情報") && f.Contains("090-1234-5678"));
        Assert.Contains(findings, f => f.Contains("秘密情報"));
        Assert.Contains(findings, f => f.Contains("短縮URL"));
        Assert.Contains(findings, f => f.Contains("伏せ字"));
        Assert.Contains("内部資料", await marks.AllInnerTextsAsync());
        await BrowserFixture.ScreenshotAsync(page, "20-checks");

        // Clearing the problems clears the verdict.
        await page.GetByLabel("投稿する文章").FillAsync("市民まつりを中央公園で開催します。");
        await page.Locator("#check-result .verdict--ok").WaitForAsync();
    }

    [Fact]
    public async Task The_check_page_is_usable_on_a_phone()
    {
        var page = await fixture.SignedInPageAsync("manager", 390, 844);
        await page.GotoAsync("/checks");
        await page.GetByLabel("投稿する文章").FillAsync("噂によると、駅前のバス路線が廃止になるそうです。今度の選挙では〇〇候補をよろしく。");
        await page.Locator("#check-result .finding").First.WaitForAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"));
        await BrowserFixture.ScreenshotAsync(page, "21-checks-phone");
    }
}
