using Koho.Web.Tests.Testing;
using Microsoft.Playwright;

namespace Koho.Browser.Tests.Contractors;

/// <summary>
/// A contractor's people in the browser: the 所属長 writes the contract's clauses and adds the representative; the
/// representative enrols a second factor, confirms the guideline and the clauses, sees only the entrusted account and
/// drafts; the 所属長 sees the organisation beside the post in the approval queue.
/// </summary>
public sealed class OutsidePeopleBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_contractors_representative_confirms_and_drafts_only_for_the_entrusted_account()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var manager = await fixture.SignedInPageAsync("manager");
        await manager.GotoAsync("/contractors/new");
        await manager.GetByLabel("団体の名称").FillAsync("株式会社 むさしの広報サービス");
        await manager.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "委託事業者" });
        await manager.GetByLabel("対象の施設・業務").FillAsync("防災情報の発信業務");
        await manager.GetByLabel("期間の始め").FillAsync(today.AddMonths(-1).ToString("yyyy-MM-dd"));
        await manager.GetByLabel("期間の終わり").FillAsync(today.AddMonths(11).ToString("yyyy-MM-dd"));
        await manager.GetByLabel("所管課", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "　防災課" });
        await manager.GetByLabel("運用管理責任者（所管課の所属長）").SelectOptionAsync(new SelectOptionValue { Label = "山田 太郎（防災課長）（防災安全部 / 防災課）" });
        await manager.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("団体を登録しました");
        var organizationUrl = manager.Url;
        await manager.GetByLabel("任せる公式アカウント").SelectOptionAsync(new SelectOptionValue { Label = "武蔵野市防災情報X（デモ）" });
        await manager.GetByRole(AriaRole.Button, new() { Name = "任せる", Exact = true }).ClickAsync();
        await manager.GetByLabel("条項の本文").FillAsync("第15条（SNSの運用）受託者は、武蔵野市ソーシャルメディア利用ガイドラインに従い、市の承認を得て投稿する。\n第16条（秘密の保持）受託者は、業務上知り得た情報を投稿しない。");
        await manager.GetByRole(AriaRole.Button, new() { Name = "条項を登録する" }).ClickAsync();
        await Assertions.Expect(manager.Locator("#clauses-unconfirmed")).ToBeVisibleAsync();
        await manager.GetByText("担当者を追加する").ClickAsync();
        await manager.GetByLabel("氏名").FillAsync("佐藤 花子");
        await manager.GetByLabel("サインイン名").FillAsync("sato-musashino-koho");
        await manager.GetByLabel("初期パスワード（12文字以上、数字と英小文字を含む）").FillAsync("outside-password-2026");
        await manager.GetByLabel("団体の代表者（契約条項を確認する人）").CheckAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Assertions.Expect(manager.Locator("#members")).ToContainTextAsync("佐藤 花子");
        await BrowserFixture.ScreenshotAsync(manager, "91-contractor-people");

        // The representative: a second factor first, whatever the municipality's setting.
        var person = await fixture.NewPageAsync();
        await person.GotoAsync("/signin");
        await person.GetByLabel("サインイン名").FillAsync("sato-musashino-koho");
        await person.GetByLabel("パスワード").FillAsync("outside-password-2026");
        await person.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await person.WaitForURLAsync("**/profile/two-factor");
        var key = await person.Locator("code.key").InnerTextAsync();
        await person.GetByLabel("確認コード").FillAsync(Totp.Code(key));
        await person.GetByRole(AriaRole.Button, new() { Name = "確認して有効にする" }).ClickAsync();
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync("リカバリーコード");

        // Their menu is the drafting one; the dashboard asks for the confirmations.
        await person.GotoAsync("/");
        await Assertions.Expect(person.Locator(".site-nav")).Not.ToContainTextAsync("公式アカウント");
        await Assertions.Expect(person.Locator(".attention")).ToContainTextAsync("ガイドライン");
        await Assertions.Expect(person.Locator("#entrusted-accounts")).ToContainTextAsync("武蔵野市防災情報X（デモ）");
        await BrowserFixture.ScreenshotAsync(person, "92-outside-dashboard");
        // The staff's pages are closed to them.
        await person.GotoAsync("/accounts");
        await Assertions.Expect(person).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/denied$"));

        await person.GotoAsync("/posts/new");
        await person.WaitForURLAsync("**/contractors/confirm");
        await Assertions.Expect(person.Locator("#not-ready")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(person, "93-outside-confirm");
        await person.Locator("#guideline-form").GetByLabel("ガイドラインを読み、内容を理解しました").CheckAsync();
        await person.Locator("#guideline-form").GetByRole(AriaRole.Button, new() { Name = "確認しました" }).ClickAsync();
        await Assertions.Expect(person.Locator("#guideline-confirmed")).ToBeVisibleAsync();
        await person.GetByLabel("契約条項を読み、団体として遵守します").CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "団体の代表者として確認しました" }).ClickAsync();
        await Assertions.Expect(person.Locator("#ready")).ToBeVisibleAsync();

        await person.GetByRole(AriaRole.Link, new() { Name = "新しい投稿" }).First.ClickAsync();
        await Assertions.Expect(person.Locator("main")).Not.ToContainTextAsync("武蔵野市公式X（デモ）");
        await person.GetByLabel("本文").FillAsync("【防災センター】12月の防災講座の参加者を募集しています。詳しくは市のホームページをご覧ください。");
        await person.GetByRole(AriaRole.Button, new() { Name = "下書きを保存" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Status)).ToContainTextAsync("下書きを保存しました");
        await person.GetByRole(AriaRole.Button, new() { Name = "保存して承認を依頼" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Status)).ToContainTextAsync("承認を依頼しました");

        await manager.GotoAsync("/posts/approvals");
        await Assertions.Expect(manager.Locator("main")).ToContainTextAsync("株式会社 むさしの広報サービス");
        await BrowserFixture.ScreenshotAsync(manager, "94-approvals-with-contractor");
        await manager.GotoAsync(organizationUrl);
        await Assertions.Expect(manager.Locator("#clauses-confirmed")).ToContainTextAsync("佐藤 花子");

        // The account's page says who runs it for the municipality.
        await manager.GotoAsync("/accounts");
        await manager.GetByRole(AriaRole.Link, new() { Name = "武蔵野市防災情報X（デモ）" }).ClickAsync();
        await Assertions.Expect(manager.Locator("#run-by")).ToContainTextAsync("株式会社 むさしの広報サービス");
        await BrowserFixture.ScreenshotAsync(manager, "95-account-run-by", fullPage: false);
    }
}
