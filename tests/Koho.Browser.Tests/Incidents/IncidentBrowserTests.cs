using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Playwright;

namespace Koho.Browser.Tests.Incidents;

/// <summary>
/// Incidents as the staff of 武蔵野市 handle them: a hijacked account from the operator's report through every step of
/// the playbook and every level of the escalation chain to the closing report, and an impostor warned about on the
/// public directory and cleared again.
/// </summary>
public sealed class IncidentBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Account = "武蔵野市防災情報X（デモ）";
    private const string Acknowledge = "確認した（上位に報告する）";

    [Fact]
    public async Task A_hijacked_account_goes_through_every_step_and_every_level_to_the_closing_report()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var title = $"防災情報Xに不正な投稿（{run}）";
        var png = Png(24, 16);
        var sha = Convert.ToHexStringLower(SHA256.HashData(png));
        var fileName = $"hijack-screen-{run}.png";

        // 防災 花子 finds posts she did not write and reports the account as taken over.
        var op = await fixture.SignedInPageAsync("operator");
        await op.GotoAsync("/incidents");
        await op.GetByRole(AriaRole.Link, new() { Name = "インシデントを報告する" }).ClickAsync();
        await op.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "乗っ取り" });
        await op.GetByLabel("公式アカウント（炎上・乗っ取り・誤情報は必須）").SelectOptionAsync(new SelectOptionValue { Label = $"{Account}（X）" });
        await op.GetByLabel("件名").FillAsync(title);
        await op.GetByLabel("何が起きたか（発見の経緯・内容・URL）").FillAsync("8時15分、覚えのない投資の勧誘が2件投稿されているのを見つけました。プロフィールの紹介文も書き換えられています。");
        await op.GetByRole(AriaRole.Button, new() { Name = "登録して手順を始める" }).ClickAsync();
        await Assertions.Expect(op.GetByRole(AriaRole.Status)).ToContainTextAsync("インシデントを登録し、最初の連絡先に知らせました。");
        await Assertions.Expect(op.Locator("h1")).ToContainTextAsync(title);
        await Assertions.Expect(op.Locator("h1 .badge")).ToHaveTextAsync("乗っ取り");
        await Assertions.Expect(Facts(op)).ToContainTextAsync("対応中");
        var incidentUrl = new Uri(op.Url).AbsolutePath;
        Assert.Matches("^/incidents/[0-9a-f-]{36}$", incidentUrl);

        // The 所属長 is told first; the higher levels wait. The operator acknowledges nothing and cannot close.
        await Assertions.Expect(Level(op, 0)).ToContainTextAsync("第1段階: 所属長（運用管理責任者）");
        await Assertions.Expect(Level(op, 0)).ToHaveClassAsync("step--current");
        await Assertions.Expect(Level(op, 0)).ToContainTextAsync("確認期限");
        await Assertions.Expect(Level(op, 1)).ToContainTextAsync("第2段階: 情報政策課");
        await Assertions.Expect(Level(op, 1)).ToContainTextAsync("未連絡（前の段階の確認待ち）");
        await Assertions.Expect(Level(op, 2)).ToContainTextAsync("第3段階: 統括情報セキュリティ責任者");
        await Assertions.Expect(Level(op, 2)).ToContainTextAsync("未連絡（前の段階の確認待ち）");
        await Assertions.Expect(op.GetByRole(AriaRole.Button, new() { Name = Acknowledge })).ToHaveCountAsync(0);
        await Assertions.Expect(op.Locator("#close-h")).ToHaveCountAsync(0);
        await Assertions.Expect(Timeline(op)).ToContainTextAsync("第1段階（所属長（運用管理責任者））に連絡");
        // Only her own step has forms for her.
        await Assertions.Expect(Step(op, "evidence").Locator(".badge")).ToHaveTextAsync("記録の添付が必要");
        await Assertions.Expect(Step(op, "secure").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(op, "69-incident-hijacking-reported");

        // The evidence step cannot be completed without a screen record.
        await CompleteAsync(op, "evidence", note: null, expect: null);
        await Assertions.Expect(Errors(op)).ToContainTextAsync("この手順には記録（画面の画像か PDF）の添付が必要です。");
        await Assertions.Expect(Step(op, "evidence").Locator(".status-tag")).ToHaveCountAsync(0);

        // She attaches the screen record to the step, then completes it.
        await Step(op, "evidence").Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "image/png", Buffer = png });
        await Step(op, "evidence").GetByLabel("説明").FillAsync("不正な投稿2件とプロフィールの画面");
        await Step(op, "evidence").GetByRole(AriaRole.Button, new() { Name = "添付する" }).ClickAsync();
        await Assertions.Expect(op.GetByRole(AriaRole.Status)).ToContainTextAsync("記録を添付しました。");
        await Assertions.Expect(Step(op, "evidence").GetByRole(AriaRole.Link, new() { Name = fileName })).ToBeVisibleAsync();
        await Assertions.Expect(Step(op, "evidence")).ToContainTextAsync($"SHA-256 {sha[..16]}…");
        var evidenceRow = op.Locator("section[aria-labelledby=evidence-h] tbody tr");
        await Assertions.Expect(evidenceRow).ToHaveCountAsync(1);
        await Assertions.Expect(evidenceRow).ToContainTextAsync(sha);
        await Assertions.Expect(evidenceRow).ToContainTextAsync($"{png.Length:N0} B");
        await Assertions.Expect(evidenceRow).ToContainTextAsync("防災 花子");
        await CompleteAsync(op, "evidence", note: null, expect: "手順を完了しました。");
        await Assertions.Expect(Step(op, "evidence").Locator(".status-tag")).ToHaveTextAsync("完了");
        await Assertions.Expect(Step(op, "evidence")).ToHaveClassAsync("step--done");
        await Assertions.Expect(Step(op, "evidence")).ToContainTextAsync("防災 花子");

        // Her 課長 acknowledges (level 1), stops the account, and takes it back.
        var manager = await fixture.SignedInPageAsync("manager");
        await manager.GotoAsync(incidentUrl);
        await Level(manager, 0).GetByRole(AriaRole.Button, new() { Name = Acknowledge }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("確認を記録しました。次の段階に報告が届きます。");
        await Assertions.Expect(Level(manager, 0).Locator(".status-tag")).ToHaveTextAsync("確認済");
        await Assertions.Expect(Level(manager, 0)).ToContainTextAsync("山田 太郎（防災課長）");
        await Assertions.Expect(Level(manager, 0)).ToHaveClassAsync("step--done");
        await Assertions.Expect(Level(manager, 1)).ToHaveClassAsync("step--current");
        await Assertions.Expect(Level(manager, 1)).ToContainTextAsync("確認期限");
        await Assertions.Expect(Level(manager, 2)).ToContainTextAsync("未連絡（前の段階の確認待ち）");
        await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { Name = Acknowledge })).ToHaveCountAsync(0);   // level 2 is not his
        await Assertions.Expect(Timeline(manager)).ToContainTextAsync("第2段階（情報政策課）に連絡");

        await manager.GetByRole(AriaRole.Button, new() { Name = "このアカウントの予約投稿・公開をすべて止める" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("このアカウントの発信を停止しました。");
        var banner = manager.Locator(".pause-banner");
        await Assertions.Expect(banner).ToContainTextAsync("投稿を停止中です");
        await Assertions.Expect(banner).ToContainTextAsync($"{Account}: 乗っ取りの対応中（インシデント第");
        await Assertions.Expect(manager.Locator("section[aria-labelledby=public-h]")).ToContainTextAsync("このアカウントの発信を停止中です");
        await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { Name = "このアカウントの予約投稿・公開をすべて止める" })).ToHaveCountAsync(0);

        // The step needs a note of what was done.
        await CompleteAsync(manager, "secure", note: null, expect: null);
        await Assertions.Expect(Errors(manager)).ToContainTextAsync("行ったこと（日時・相手・内容など）を記録してください。");
        await CompleteAsync(manager, "secure", note: "8時40分 パスワードを変更し、連携アプリ2件を解除、二要素認証を再設定した", expect: "手順を完了しました。");
        await Assertions.Expect(Step(manager, "secure").Locator(".status-tag")).ToHaveTextAsync("完了");
        await Assertions.Expect(Step(manager, "secure")).ToContainTextAsync("連携アプリ2件を解除");
        // Not closable yet: two steps are open.
        await Assertions.Expect(manager.Locator("section[aria-labelledby=close-h] .help")).ToContainTextAsync("すべての手順を完了する");
        await BrowserFixture.ScreenshotAsync(manager, "70-incident-hijacking-midway");

        // 情報政策課 acknowledges (level 2), which tells the CISO, and reports on cause and impact.
        var it = await fixture.SignedInPageAsync("it");
        await it.GotoAsync(incidentUrl);
        await Level(it, 1).GetByRole(AriaRole.Button, new() { Name = Acknowledge }).ClickAsync();
        await Assertions.Expect(it.GetByRole(AriaRole.Status)).ToContainTextAsync("確認を記録しました。");
        await Assertions.Expect(Level(it, 1).Locator(".status-tag")).ToHaveTextAsync("確認済");
        await Assertions.Expect(Level(it, 1)).ToContainTextAsync("情報 次郎");
        await Assertions.Expect(Level(it, 2)).ToHaveClassAsync("step--current");
        await Assertions.Expect(Level(it, 2)).ToContainTextAsync("確認期限");
        await CompleteAsync(it, "report", note: "ログイン履歴から海外IPによる不正ログインを確認。パスワードの使い回しが原因と判断し、統括情報セキュリティ責任者に報告した", expect: "手順を完了しました。");
        await Assertions.Expect(Step(it, "report").Locator(".status-tag")).ToHaveTextAsync("完了");

        // 秘書広報課 warns the public; it is not in this chain, so it acknowledges nothing.
        var pr = await fixture.SignedInPageAsync("pr");
        await pr.GotoAsync(incidentUrl);
        await Assertions.Expect(pr.GetByRole(AriaRole.Button, new() { Name = Acknowledge })).ToHaveCountAsync(0);
        await CompleteAsync(pr, "notify", note: "市公式Xと市ホームページで、不正な投稿のリンクを開かないよう呼びかけた", expect: "手順を完了しました。");
        await Assertions.Expect(Step(pr, "notify").Locator(".status-tag")).ToHaveTextAsync("完了");

        // The CISO acknowledges the top level.
        var ciso = await fixture.SignedInPageAsync("ciso");
        await ciso.GotoAsync(incidentUrl);
        await Level(ciso, 2).GetByRole(AriaRole.Button, new() { Name = Acknowledge }).ClickAsync();
        await Assertions.Expect(ciso.GetByRole(AriaRole.Status)).ToContainTextAsync("確認を記録しました。");
        for (var level = 0; level < 3; level++)
            await Assertions.Expect(Level(ciso, level).Locator(".status-tag")).ToHaveTextAsync("確認済");
        await Assertions.Expect(Level(ciso, 2)).ToContainTextAsync("安全 三郎（総務部長）");
        await Assertions.Expect(ciso.GetByRole(AriaRole.Button, new() { Name = Acknowledge })).ToHaveCountAsync(0);

        // The 課長 closes it with the report.
        await manager.GotoAsync(incidentUrl);
        foreach (var key in new[] { "evidence", "secure", "notify", "report" })
            await Assertions.Expect(Step(manager, key).Locator(".status-tag")).ToHaveTextAsync("完了");
        await Assertions.Expect(manager.Locator("section[aria-labelledby=close-h] .help")).ToHaveCountAsync(0);
        const string lessons = "パスワードの使い回しを禁止し、全アカウントで二要素認証を必須にする。連携アプリは年1回棚卸しする。";
        await manager.GetByLabel("経過の概要（何が起き、どう対応したか）").FillAsync("不正ログインにより投資勧誘の投稿2件が行われた。発信を止め、アカウントを取り戻して不正な投稿を削除し、市民に注意を呼びかけた。");
        await manager.GetByLabel("原因（任意）").FillAsync("他のサービスと同じパスワードを使っていた");
        await manager.GetByLabel("教訓・再発防止策").FillAsync(lessons);
        await manager.GetByRole(AriaRole.Button, new() { Name = "終結して報告を作成する" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("インシデントを終結しました。");
        await Assertions.Expect(Facts(manager).Locator(".status-tag")).ToHaveTextAsync("終結");
        await Assertions.Expect(Facts(manager)).ToContainTextAsync("山田 太郎（防災課長）");
        await Assertions.Expect(manager.Locator("#close-h")).ToHaveCountAsync(0);
        await Assertions.Expect(manager.Locator("#steps-h + ol form")).ToHaveCountAsync(0);   // nothing left to do
        await Assertions.Expect(Timeline(manager)).ToContainTextAsync("終結（終結報告を作成）");
        await BrowserFixture.ScreenshotAsync(manager, "71-incident-hijacking-closed");

        // The closing report.
        await manager.GetByRole(AriaRole.Link, new() { Name = "終結報告" }).ClickAsync();
        await manager.WaitForURLAsync($"**{incidentUrl}/report");
        await Assertions.Expect(manager.Locator(".document__title")).ToContainTextAsync("インシデント終結報告　第");
        await Assertions.Expect(manager.Locator(".document__subtitle")).ToContainTextAsync(title);
        await Assertions.Expect(manager.Locator(".alert--warn")).ToHaveCountAsync(0);   // not "まだ終結していません"
        await Assertions.Expect(Section(manager, "1 概要")).ToContainTextAsync("種類: 乗っ取り");
        await Assertions.Expect(Section(manager, "1 概要")).ToContainTextAsync($"公式アカウント: {Account}");
        await Assertions.Expect(Section(manager, "1 概要")).ToContainTextAsync("終結: ");
        await Assertions.Expect(Section(manager, "1 概要")).Not.ToContainTextAsync("対応中");
        await Assertions.Expect(Section(manager, "2 経過の概要")).ToContainTextAsync("投資勧誘の投稿2件");
        await Assertions.Expect(Section(manager, "3 原因")).ToContainTextAsync("同じパスワード");
        var actions = Section(manager, "4 対応の記録（手順）");
        await Assertions.Expect(actions).ToContainTextAsync("不正な投稿・設定変更の画面を記録する");
        await Assertions.Expect(actions).ToContainTextAsync("アカウントを取り戻す");
        await Assertions.Expect(actions).ToContainTextAsync("乗っ取りと不正な投稿への注意を呼びかける");
        await Assertions.Expect(actions).ToContainTextAsync("原因と影響を確認し");
        await Assertions.Expect(actions).Not.ToContainTextAsync("未了");
        await Assertions.Expect(actions).ToContainTextAsync("完了: ");
        await Assertions.Expect(actions).ToContainTextAsync("記録: 8時40分 パスワードを変更し");
        foreach (var who in new[] { "防災 花子", "山田 太郎（防災課長）", "広報 一郎", "情報 次郎" })
            await Assertions.Expect(actions).ToContainTextAsync(who);
        var escalation = Section(manager, "5 報告・連絡");
        await Assertions.Expect(escalation).Not.ToContainTextAsync("未確認");
        await Assertions.Expect(escalation).ToContainTextAsync("第3段階 統括情報セキュリティ責任者: 連絡");
        foreach (var who in new[] { "山田 太郎（防災課長）", "情報 次郎", "安全 三郎（総務部長）" })
            await Assertions.Expect(escalation).ToContainTextAsync($"（{who}）");
        await Assertions.Expect(Section(manager, "6 経過")).ToContainTextAsync("このアカウントの予約投稿・公開をすべて停止");
        await Assertions.Expect(Section(manager, "7 記録（証拠）")).ToContainTextAsync($"{fileName}（{png.Length:N0} バイト）SHA-256: {sha}");
        await Assertions.Expect(Section(manager, "8 教訓・再発防止策")).ToContainTextAsync(lessons);
        await BrowserFixture.ScreenshotAsync(manager, "72-incident-hijacking-report");
        await manager.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(manager.Locator(".site-header")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(manager, "72b-incident-hijacking-report-print");
        await manager.EmulateMediaAsync(new() { Media = Media.Screen });

        // The account is back: 秘書広報課 lifts the stop and the banner goes.
        await pr.GotoAsync("/posts/pause");
        await pr.Locator("li.attention__item", new() { HasText = Account }).GetByRole(AriaRole.Button, new() { Name = "解除する" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("停止を解除しました。");
        await manager.GotoAsync(incidentUrl);
        await Assertions.Expect(manager.Locator(".pause-banner li", new() { HasText = Account })).ToHaveCountAsync(0);
        // The print view of the report carries no banner of the staff pages.
        await manager.GotoAsync(incidentUrl + "/report");
        await Assertions.Expect(manager.Locator(".pause-banner")).ToHaveCountAsync(0);

        // The register lists it as closed; the council reads the year's statistics.
        await manager.GotoAsync("/incidents");
        await Assertions.Expect(manager.Locator("tr", new() { HasText = title })).ToContainTextAsync("終結");
        await BrowserFixture.ScreenshotAsync(manager, "75-incident-register");
        var council = await fixture.SignedInPageAsync("council");
        await council.GotoAsync("/incidents/statistics");
        await Assertions.Expect(council.Locator("table")).ToContainTextAsync("防災課");
        await BrowserFixture.ScreenshotAsync(council, "76-incident-statistics");
    }

    [Fact]
    public async Task The_pr_office_warns_citizens_about_an_impostor_on_the_directory_and_clears_it()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var handle = $"@musashino_city_0fflcial_{run}";
        var title = $"市公式Xのなりすまし {handle}";

        var pr = await fixture.SignedInPageAsync("pr");
        await pr.GotoAsync("/incidents/new");
        await pr.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "なりすまし" });
        await pr.GetByLabel("公式アカウント（炎上・乗っ取り・誤情報は必須）").SelectOptionAsync(new SelectOptionValue { Label = "武蔵野市公式X（デモ）（X）" });
        await pr.GetByLabel("件名").FillAsync(title);
        await pr.GetByLabel("何が起きたか（発見の経緯・内容・URL）").FillAsync($"市民から、市のロゴを使った {handle} が給付金の申請を案内しているとの電話があった。");
        await pr.GetByLabel("SNS").SelectOptionAsync(new SelectOptionValue { Label = "X" });
        await pr.GetByLabel("アカウント名", new() { Exact = true }).FillAsync(handle);
        await pr.GetByRole(AriaRole.Button, new() { Name = "登録して手順を始める" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("インシデントを登録し、最初の連絡先に知らせました。");
        await Assertions.Expect(pr.Locator("h1 .badge")).ToHaveTextAsync("なりすまし");
        await Assertions.Expect(Facts(pr).Locator(".impostor")).ToHaveTextAsync($"X {handle}");
        await Assertions.Expect(Level(pr, 0)).ToContainTextAsync("第1段階: 秘書広報課");
        await Assertions.Expect(Level(pr, 1)).ToContainTextAsync("第2段階: 情報政策課");
        var incidentUrl = new Uri(pr.Url).AbsolutePath;

        // The notice is filled in with the impostor's name; posting it puts it on the public directory.
        var message = pr.GetByLabel("公開一覧に載せるお知らせ文");
        await Assertions.Expect(message).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(handle)));
        await pr.GetByRole(AriaRole.Button, new() { Name = "公開一覧に注意を掲載する" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("公開の公式アカウント一覧になりすましの注意を掲載しました。");
        var publicResponse = pr.Locator("section[aria-labelledby=public-h]");
        await Assertions.Expect(publicResponse).ToContainTextAsync("公開の公式アカウント一覧に注意を掲載中です");
        await Assertions.Expect(publicResponse.GetByRole(AriaRole.Link, new() { Name = "公開一覧を見る" })).ToHaveAttributeAsync("href", "/directory");
        await Assertions.Expect(pr.GetByRole(AriaRole.Button, new() { Name = "公開一覧に注意を掲載する" })).ToHaveCountAsync(0);
        await Assertions.Expect(pr.Locator("section[aria-labelledby=close-h] .alert--warn")).ToContainTextAsync("なりすましの注意は掲載したままです");
        await Assertions.Expect(Timeline(pr)).ToContainTextAsync($"公開の公式アカウント一覧になりすましの注意を掲載（{handle}）");
        await BrowserFixture.ScreenshotAsync(pr, "74-incident-impersonation-warning-raised");

        // A citizen, not signed in, sees the warning with the impostor's name, never as a link.
        var citizen = await fixture.NewPageAsync(390, 844);
        await citizen.GotoAsync("/directory");
        var warning = citizen.Locator("section.impersonation[role=alert]");
        await Assertions.Expect(warning.Locator("h2")).ToHaveTextAsync("なりすましアカウントにご注意ください");
        var item = warning.Locator("li", new() { HasText = handle });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item.Locator(".impostor")).ToHaveTextAsync(handle);
        await Assertions.Expect(item.Locator(".badge")).ToHaveTextAsync("X");
        await Assertions.Expect(item).ToContainTextAsync("フォローやメッセージへの返信、リンクを開くことはしないでください。");
        await Assertions.Expect(warning.Locator("a")).ToHaveCountAsync(0);
        await Assertions.Expect(citizen.Locator($"a[href*='{handle.TrimStart('@')}']")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(citizen, "73-directory-incident-warning-phone");

        // Once the impostor is gone, the PR office clears it from the incident page.
        await pr.GotoAsync(incidentUrl);
        await pr.GetByRole(AriaRole.Button, new() { Name = "公開一覧の注意を解除する" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("公開一覧のなりすましの注意を解除しました。");
        await Assertions.Expect(pr.GetByRole(AriaRole.Button, new() { Name = "公開一覧に注意を掲載する" })).ToBeVisibleAsync();
        await Assertions.Expect(pr.Locator("section[aria-labelledby=close-h] .alert--warn")).ToHaveCountAsync(0);
        await Assertions.Expect(Timeline(pr)).ToContainTextAsync($"公開一覧のなりすましの注意を解除（{handle}）");

        await citizen.ReloadAsync();
        await Assertions.Expect(citizen.Locator("h1")).ToHaveTextAsync("武蔵野市 公式ソーシャルメディアアカウント一覧");
        await Assertions.Expect(citizen.Locator("body")).Not.ToContainTextAsync(handle);

        // The watch page the PR office works from: alerts, the inbox, how reading each account goes.
        await pr.GotoAsync("/watch");
        await Assertions.Expect(pr.Locator("h1")).ToHaveTextAsync("監視");
        await Assertions.Expect(pr.Locator("#reading-h")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(pr, "77-watch");
    }

    [Fact]
    public async Task Mentions_imported_into_the_inbox_are_triaged_and_a_lookalike_author_is_flagged()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var csv = "account,id,author,authorName,text,url,postedAt\n"
                  + $"@musashino_demo,b-{run}-1,@resident_{run},市民,ごみの収集日を教えてください,https://x.com/r/status/1,{now.AddMinutes(-30):yyyy-MM-ddTHH:mm:sszzz}\n"
                  + $"@musashino_demo,b-{run}-2,@musashin0_dem0_{run},武蔵野市（公式）,公式はこちらに移転しました。フォローしてください,,{now.AddMinutes(-10):yyyy-MM-ddTHH:mm:sszzz}\n";
        var pr = await fixture.SignedInPageAsync("pr");
        await pr.GotoAsync("/watch/import");
        // A bad file first: nothing is imported, every problem is named.
        await pr.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bad.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("account,author,text,postedAt\n@musashino_demo,@x,,昨日\n") });
        await pr.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions.Expect(Errors(pr)).ToContainTextAsync("2 行目");
        await pr.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "mentions.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await pr.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("2件の記述を取り込みました");

        // The lookalike author is an impersonation candidate; the question waits in the inbox.
        var alert = pr.Locator(".attention__item", new() { HasText = $"@musashin0_dem0_{run}" });
        await Assertions.Expect(alert).ToContainTextAsync("なりすまし候補");
        var question = pr.Locator("li", new() { HasText = "ごみの収集日を教えてください" });
        await Assertions.Expect(question).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(pr, "78-watch-inbox-and-alerts");
        await question.GetByRole(AriaRole.Button, new() { Name = "対応不要" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("振り分けました。");
        await Assertions.Expect(pr.Locator("li", new() { HasText = "ごみの収集日を教えてください" })).ToHaveCountAsync(0);

        // From the candidate, an impersonation incident with the impostor filled in.
        await pr.Locator(".attention__item", new() { HasText = $"@musashin0_dem0_{run}" }).GetByRole(AriaRole.Link, new() { Name = "インシデントとして登録" }).ClickAsync();
        await Assertions.Expect(pr.GetByLabel("アカウント名")).ToHaveValueAsync($"@musashin0_dem0_{run}");
        await pr.GetByRole(AriaRole.Button, new() { Name = "登録して手順を始める" }).ClickAsync();
        await Assertions.Expect(pr.GetByRole(AriaRole.Status)).ToContainTextAsync("インシデントを登録し");
        await Assertions.Expect(pr.Locator("h1 .badge")).ToHaveTextAsync("なりすまし");
        await pr.GotoAsync("/watch");
        await Assertions.Expect(pr.Locator(".attention__item", new() { HasText = $"@musashin0_dem0_{run}" })).ToHaveCountAsync(0);
    }

    /// <summary>The page's error messages (not the stop banner, which is an alert too).</summary>
    private static ILocator Errors(IPage page) => page.Locator(".alert--error[role=alert]:not(.pause-banner)");

    private static ILocator Facts(IPage page) => page.Locator("dl.facts");

    private static ILocator Level(IPage page, int level) => page.Locator("section[aria-labelledby=chain-h] ol.steps > li").Nth(level);

    private static ILocator Step(IPage page, string key) => page.Locator($"#step-{key}");

    private static ILocator Timeline(IPage page) => page.Locator("section[aria-labelledby=timeline-h]");

    private static ILocator Section(IPage page, string heading) =>
        page.Locator(".document__section").Filter(new() { Has = page.Locator("h2", new() { HasTextString = heading }) });

    /// <summary>Fills the step's note (if any) and presses its 完了; waits for the confirmation (expect null: the caller waits for the error).</summary>
    private static async Task CompleteAsync(IPage page, string key, string? note, string? expect)
    {
        var step = Step(page, key);
        if (note is not null) await step.Locator("input[name=note]").FillAsync(note);
        await step.GetByRole(AriaRole.Button, new() { Name = "完了", Exact = true }).ClickAsync();
        if (expect is not null) await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(expect);
    }

    private static readonly byte[] Red = [0xD3, 0x2F, 0x2F], White = [0xFF, 0xFF, 0xFF];

    /// <summary>A small real PNG (a red bar over white), so the app recognises it by its content.</summary>
    private static byte[] Png(int width, int height)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);   // filter: none
            for (var x = 0; x < width; x++)
            {
                raw.Write(y < height / 3 ? Red : White);
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(body);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
