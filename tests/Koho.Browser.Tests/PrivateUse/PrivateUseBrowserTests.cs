using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Koho.Browser.Tests.PrivateUse;

/// <summary>
/// Staff's private use in the browser: the self-check with and without problems (and the disclaimer copied from the
/// guideline's example), a confirmation cycle across a new version of the guideline, and the one-page summary.
/// </summary>
public sealed partial class PrivateUseBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A weekday 10:00 and a Saturday 20:00 a few weeks ahead (no holiday, no year-end closure), as datetime-local values.</summary>
    private static (string Weekday, string Weekend) Times()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(21);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Koho.Checks.Calendar.JapaneseHolidays.IsHoliday(day)
               || day is { Month: 12, Day: >= 29 } or { Month: 1, Day: <= 3 })
            day = day.AddDays(1);
        var saturday = day;
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        return ($"{day:yyyy-MM-dd}T10:00", $"{saturday:yyyy-MM-dd}T20:00");
    }

    [Fact]
    public async Task A_planned_private_post_is_checked_with_and_without_problems_and_the_disclaimer_is_offered()
    {
        var (weekday, weekend) = Times();
        var page = await fixture.SignedInPageAsync("operator");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).GetByRole(AriaRole.Link, new() { Name = "私的利用" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "セルフチェックする" }).ClickAsync();
        await Assertions.Expect(page.Locator(".privacy-note")).ToContainTextAsync("保存も記録もされません");

        // Problems: a resident's details from work, during working hours.
        await page.GetByLabel("投稿しようとしている文章").FillAsync("今日窓口に来た山田花子さん（090-1234-5678）の件、本当に大変だった。");
        await page.GetByLabel("投稿する日時（任意）").FillAsync(weekday);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#self-check-result .verdict--block")).ToContainTextAsync("このままでは投稿しないでください");
        var findings = await page.Locator("#self-check-result .finding").AllInnerTextsAsync();
        Assert.Contains(findings, f => f.Contains("個人情報") && f.Contains("090-1234-5678"));
        Assert.Contains(findings, f => f.Contains("勤務時間中の私的投稿"));
        await BrowserFixture.ScreenshotAsync(page, "79-private-self-check-problems");

        // No problems: a walk in the park on a Saturday evening.
        await page.GetByLabel("投稿しようとしている文章").FillAsync("週末は井の頭公園を散歩。紅葉がきれいでした。");
        await page.GetByLabel("投稿する日時（任意）").FillAsync(weekend);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#self-check-result .verdict--ok")).ToHaveTextAsync("問題は見つかりませんでした。");
        await Assertions.Expect(page.Locator("#self-check-result .finding")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "80-private-self-check-clean");

        // About the city, with a profile lacking the disclaimer: the guideline's wording is offered and, once copied in, found.
        await page.GetByLabel("投稿しようとしている文章").FillAsync("武蔵野市の新しい図書館、仕事で準備に関わりました。ぜひ来てください。");
        await page.GetByLabel("プロフィール欄の文章（任意）").FillAsync("武蔵野市在住。図書館と散歩が好きです。");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".disclaimer-missing")).ToContainTextAsync("プロフィール欄に免責文が見つかりません");
        await Assertions.Expect(page.Locator("#self-check-result .badge").First).ToContainTextAsync("武蔵野市");
        var example = await page.Locator("#disclaimer-example").InputValueAsync();
        Assert.Equal("投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません", example);
        await BrowserFixture.ScreenshotAsync(page, "81-private-self-check-disclaimer");
        await page.GetByLabel("プロフィール欄の文章（任意）").FillAsync("武蔵野市在住。" + example);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#self-check-result .status--ok")).ToContainTextAsync("プロフィール欄に免責文があります");
        await Assertions.Expect(page.Locator("#self-check-result .verdict--ok")).ToBeVisibleAsync();

        // Kept only on request, and only for its owner.
        await page.GetByRole(AriaRole.Button, new() { Name = "自分用に保存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("あなた自身の記録として保存しました");
        await Assertions.Expect(page.Locator("#saved tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("武蔵野市の新しい図書館");
        var other = await fixture.SignedInPageAsync("hr");
        await other.GotoAsync("/private-use/self-check");
        await Assertions.Expect(other.Locator("#saved")).ToContainTextAsync("保存した記録はありません。");
    }

    [Fact]
    public async Task Staff_confirm_the_published_guideline_after_the_quiz_and_confirm_again_when_a_new_version_is_published()
    {
        var hr = await fixture.SignedInPageAsync("hr");
        var op = await fixture.SignedInPageAsync("operator");

        // HR builds one question on 3.1(5) and publishes the version in force with the quiz.
        await hr.GotoAsync("/private-use/quiz");
        await hr.GetByLabel("もとになる条項").SelectOptionAsync("3.1(5)");
        await hr.GetByLabel("問い").FillAsync("勤務時間中に、私的なアカウントで投稿してよいか。");
        await hr.GetByLabel("選択肢（1行に1つ、2〜4個）").FillAsync("よい\nよくない");
        await hr.GetByLabel("正解の番号").SelectOptionAsync("2");
        await hr.GetByLabel("解説（任意。間違えた人に条項と一緒に表示します）").FillAsync("就業時間中の私的利用は禁止されています。");
        await hr.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#questions > li")).ToHaveCountAsync(1);
        await Assertions.Expect(hr.Locator("#questions > li")).ToContainTextAsync("3.1(5)");
        await BrowserFixture.ScreenshotAsync(hr, "86-private-use-quiz");
        await hr.GotoAsync("/private-use/acknowledgements");
        await hr.GetByLabel("職員へのお知らせ（任意）").FillAsync("私的利用の定めを読み、確認してください。");
        await hr.GetByLabel("確認の前にクイズ（1問）を課す").CheckAsync();
        await hr.GetByRole(AriaRole.Button, new() { Name = "この版を周知し、全職員に確認を求める" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Status)).ToContainTextAsync("第1回として周知し");
        var staff = int.Parse(PeopleCount().Match(await hr.Locator("#confirmed-count").InnerTextAsync()).Groups[1].Value);

        // The operator is asked on the dashboard; a wrong answer shows the clause and records nothing.
        await op.GotoAsync("/");
        await op.GetByRole(AriaRole.Link, new() { Name = "ガイドライン（武蔵野市ソーシャルメディア利用ガイドライン）を読んで確認してください。" }).ClickAsync();
        await op.GetByLabel("よい", new() { Exact = true }).CheckAsync();
        await op.GetByLabel("ガイドラインを読み、内容を理解しました").CheckAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "確認しました" }).ClickAsync();
        await Assertions.Expect(op.Locator(".quiz__explain")).ToContainTextAsync("就業時間中の利用は禁止します。");
        await BrowserFixture.ScreenshotAsync(op, "82-private-acknowledge-quiz-wrong");
        await op.GetByLabel("よくない").CheckAsync();
        await op.GetByLabel("ガイドラインを読み、内容を理解しました").CheckAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "確認しました" }).ClickAsync();
        await Assertions.Expect(op.GetByRole(AriaRole.Status)).ToContainTextAsync("ガイドラインの確認を記録しました");
        await Assertions.Expect(op.Locator("#acknowledged")).ToContainTextAsync("全問正解");

        // HR: one confirmed; reminds everyone else; downloads the list.
        await hr.ReloadAsync();
        await Assertions.Expect(hr.Locator("#confirmed-count")).ToHaveTextAsync($"1 / {staff} 人");
        await Assertions.Expect(hr.Locator("#staff tr", new() { HasText = "防災 花子" })).ToContainTextAsync("確認済み");
        await hr.GetByRole(AriaRole.Button, new() { Name = "未確認の全員に催促する" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Status)).ToContainTextAsync($"未確認の {staff - 1} 人に催促しました。");
        var download = await hr.RunAndWaitForDownloadAsync(() => hr.GetByRole(AriaRole.Link, new() { Name = "一覧を Excel 形式（.xlsx）でダウンロード" }).ClickAsync());
        Assert.Equal("guideline-acknowledgements-1.xlsx", download.SuggestedFilename);
        await BrowserFixture.ScreenshotAsync(hr, "83-private-acknowledgements");

        // A new version of the guideline comes into force: HR is told, publishes it, and the operator must confirm again.
        var admin = await fixture.SignedInPageAsync("admin");
        await admin.GotoAsync("/packs/manage");
        await admin.GetByLabel("または YAML を貼り付け").FillAsync("id: musashino\nextends: musashino\nversion: 第3版\n");
        await admin.GetByRole(AriaRole.Button, new() { Name = "検証して登録" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        await hr.GotoAsync("/private-use/acknowledgements");
        await Assertions.Expect(hr.Locator(".alert--warn")).ToContainTextAsync("新しい版を周知してください");
        await hr.GetByRole(AriaRole.Button, new() { Name = "この版を周知し、全職員に確認を求める" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Status)).ToContainTextAsync("第2回として周知し");
        await Assertions.Expect(hr.Locator("#confirmed-count")).ToHaveTextAsync($"0 / {staff} 人");
        await op.GotoAsync("/private-use/acknowledge");
        await Assertions.Expect(op.Locator("main h2").First).ToContainTextAsync("第3版");
        await Assertions.Expect(op.GetByRole(AriaRole.Button, new() { Name = "確認しました" })).ToBeVisibleAsync();
        await op.GetByLabel("ガイドラインを読み、内容を理解しました").CheckAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "確認しました" }).ClickAsync();
        await Assertions.Expect(op.GetByRole(AriaRole.Status)).ToContainTextAsync("ガイドラインの確認を記録しました");
        await hr.ReloadAsync();
        await Assertions.Expect(hr.Locator("#confirmed-count")).ToHaveTextAsync($"1 / {staff} 人");
        await BrowserFixture.ScreenshotAsync(hr, "84-private-acknowledgements-new-version");
    }

    [Fact]
    public async Task A_trouble_is_reported_from_the_private_use_page_and_followed_as_an_incident()
    {
        var page = await fixture.SignedInPageAsync("operator");
        await page.GotoAsync("/private-use");
        await BrowserFixture.ScreenshotAsync(page, "87-private-use");
        await page.GetByRole(AriaRole.Link, new() { Name = "トラブルを報告する" }).ClickAsync();
        await page.GetByLabel("サービス").SelectOptionAsync("X");
        await page.GetByLabel("何が起きたか").FillAsync("市のイベントについての私の投稿に、事実と違うという指摘が相次いでいる。");
        await page.GetByLabel("これまでにした対応（任意）").FillAsync("投稿に訂正を追記した。");
        await page.GetByLabel("投稿などのアドレス（任意）").FillAsync("https://x.com/someone/status/1");
        await BrowserFixture.ScreenshotAsync(page, "88-private-use-trouble");
        await page.GetByRole(AriaRole.Button, new() { Name = "所属長に報告する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("報告を受け付け、所属長に知らせました");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("私的利用トラブル");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("これまでの対応: 投稿に訂正を追記した。");

        // The reporter's 所属長 sees it waiting for acknowledgement on the dashboard.
        var manager = await fixture.SignedInPageAsync("manager");
        await Assertions.Expect(manager.Locator(".attention")).ToContainTextAsync("あなたの確認を待っているインシデント");
    }

    [Fact]
    public async Task The_summary_prints_on_one_A4_page()
    {
        var page = await fixture.SignedInPageAsync("operator");
        await page.GotoAsync("/private-use/summary");
        await Assertions.Expect(page.Locator(".summary-a4")).ToContainTextAsync("勤務時間中は使わない");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await BrowserFixture.ScreenshotAsync(page, "85-private-use-summary-print");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true });
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.Single(PdfPage().Matches(text));
    }

    [GeneratedRegex(@"/\s*(\d+)")]
    private static partial Regex PeopleCount();

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PdfPage();
}
