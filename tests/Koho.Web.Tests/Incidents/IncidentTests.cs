using System.Net;
using Koho.Web.Incidents;
using Koho.Web.Notifications;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Incidents;

/// <summary>
/// Incidents under Musashino's pack: opening one starts the pack's playbook and tells the first level of the chain;
/// each level acknowledges and the report goes up; a level nobody acknowledges in time is passed over; steps are done
/// by whom the pack names, with the record it asks for; the public response; closing with the report.
/// </summary>
public abstract class IncidentTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private async Task<Guid> TenantAsync() => await fixture.App.DemoTenantIdAsync();

    private async Task<Guid> AccountAsync(string name) =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == name, Ct)).Id, await TenantAsync());

    private async Task<Guid> OpenAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var response = await client.PostFormAsync("/incidents/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, Html(await response.Content.ReadAsStringAsync()));
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    private Task<T> Db<T>(Func<Koho.Web.Database.KohoDbContext, Task<T>> work) =>
        fixture.App.WithDbAsync(async (db, _) => await work(db), fixture.App.DemoTenantIdAsync().Result);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid id, Guid? stepId, string name, byte[] content)
    {
        var token = HttpClientForms.AntiforgeryToken(await client.GetHtmlAsync($"/incidents/{id}"));
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        if (stepId is { } s) form.Add(new StringContent(s.ToString()), "stepId");
        form.Add(new ByteArrayContent(content), "file", name);
        return await client.PostAsync($"/incidents/{id}?handler=Evidence", form, Ct);
    }

    [Fact]
    public async Task A_hijacking_follows_the_playbook_up_the_chain_to_closing_with_its_report()
    {
        var account = await AccountAsync("武蔵野市防災情報X（デモ）");
        var reporter = await fixture.App.SignedInClientAsync("operator");
        var id = await OpenAsync(reporter, new()
        {
            ["Type"] = "Hijacking", ["AccountId"] = account.ToString(), ["Title"] = "心当たりのない投稿（テスト乗っ取り）",
            ["Description"] = "深夜に暗号資産の宣伝が投稿されている。",
        });

        // The pack's playbook, copied: Musashino's hijacking steps and chain (所属長 → 情報政策課 → 統括情報セキュリティ責任者).
        var (steps, chain) = await Db(async db => (await db.IncidentSteps.Where(s => s.IncidentId == id).OrderBy(s => s.Position).ToListAsync(Ct),
            await db.IncidentEscalations.Where(e => e.IncidentId == id).OrderBy(e => e.Level).ToListAsync(Ct)));
        Assert.Equal(["evidence", "secure", "notify", "report"], steps.Select(s => s.StepKey));
        Assert.Equal(["accountManager", "itOffice", "ciso"], chain.Select(e => e.Office));
        Assert.NotNull(chain[0].NotifiedAt);
        Assert.Null(chain[1].NotifiedAt);
        Assert.Equal(TimeSpan.FromMinutes(30), chain[0].AcknowledgeBy - chain[0].NotifiedAt);
        var managerId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id);
        var itId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "it", Ct)).Id);
        Assert.True(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == managerId && n.Link == $"/incidents/{id}", Ct)));
        Assert.False(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == itId && n.Link == $"/incidents/{id}", Ct)));

        // The evidence step needs a screen record: a text file pretending to be an image is refused; a PNG is kept with its hash.
        var refused = await reporter.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[0].Id.ToString() }, formPage: $"/incidents/{id}");
        Assert.Contains("記録（画面の画像か PDF）の添付が必要です", Html(await reporter.PageAfterAsync(refused)));
        var notImage = await UploadAsync(reporter, id, steps[0].Id, "screen.png", "これは画像ではない"u8.ToArray());
        Assert.Contains("ファイルの中身がこれらの形式ではありません", Html(await notImage.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await Db(db => db.IncidentEvidence.CountAsync(e => e.IncidentId == id, Ct)));
        var uploaded = await UploadAsync(reporter, id, steps[0].Id, "screen.html", Png); // named .html, but it is a PNG
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var evidence = await Db(db => db.IncidentEvidence.SingleAsync(e => e.IncidentId == id, Ct));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)), evidence.Sha256);
        Assert.Equal("screen.png", evidence.FileName); // the extension follows the content
        var download = await reporter.GetAsync($"/incidents/{id}?handler=Evidence&evidenceId={evidence.Id}", Ct);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single()); // never run as a page of Koho
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        var done = await reporter.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[0].Id.ToString() }, formPage: $"/incidents/{id}");
        Assert.Contains("手順を完了しました。", Html(await reporter.PageAfterAsync(done)));

        // The operator cannot do the manager's step, nor acknowledge for the manager.
        var notTheirs = await reporter.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[1].Id.ToString(), ["note"] = "変更した" }, formPage: $"/incidents/{id}");
        Assert.Contains("この手順は所属長", Html(await reporter.PageAfterAsync(notTheirs)));
        var notTheirAck = await reporter.PostFormAsync($"/incidents/{id}?handler=Acknowledge", new() { ["escalationId"] = chain[0].Id.ToString() }, formPage: $"/incidents/{id}");
        Assert.Contains("この連絡を確認できるのは", Html(await reporter.PageAfterAsync(notTheirAck)));

        // The manager acknowledges: the report goes up to the IT office; stops the account in one step.
        var manager = await fixture.App.SignedInClientAsync("manager");
        var ack = await manager.PostFormAsync($"/incidents/{id}?handler=Acknowledge", new() { ["escalationId"] = chain[0].Id.ToString() }, formPage: $"/incidents/{id}");
        Assert.Contains("確認を記録しました。", Html(await manager.PageAfterAsync(ack)));
        Assert.True(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == itId && n.Link == $"/incidents/{id}", Ct)));
        var paused = await manager.PostFormAsync($"/incidents/{id}?handler=Pause", new(), formPage: $"/incidents/{id}");
        Assert.Contains("このアカウントの発信を停止しました。", Html(await manager.PageAfterAsync(paused)));
        Assert.True(await Db(db => db.PublishingPauses.AnyAsync(p => p.AccountId == account && p.ResumedAt == null, Ct)));
        var secured = await manager.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[1].Id.ToString() }, formPage: $"/incidents/{id}");
        Assert.Contains("行ったこと（日時・相手・内容など）を記録してください", Html(await manager.PageAfterAsync(secured)));
        await manager.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[1].Id.ToString(), ["note"] = "パスワード変更、連携アプリ2件を解除" }, formPage: $"/incidents/{id}");

        // Not closable while steps remain.
        var version = (await Db(db => db.Incidents.Where(i => i.Id == id).Select(i => i.Version).FirstAsync(Ct))).ToString();
        var early = await manager.PostFormAsync($"/incidents/{id}?handler=Close", new() { ["version"] = version, ["summary"] = "s", ["lessons"] = "l" }, formPage: $"/incidents/{id}");
        Assert.Contains("終わっていない手順が2件あります", Html(await manager.PageAfterAsync(early)));
        // A close form opened before someone else's change is refused rather than closing over it.
        var stale = await manager.PostFormAsync($"/incidents/{id}?handler=Close", new() { ["version"] = "1", ["summary"] = "s", ["lessons"] = "l" }, formPage: $"/incidents/{id}");
        Assert.Contains("開いた後に他の人が記録を追加しました", Html(await manager.PageAfterAsync(stale)));

        var it = await fixture.App.SignedInClientAsync("it");
        await it.PostFormAsync($"/incidents/{id}?handler=Acknowledge", new() { ["escalationId"] = chain[1].Id.ToString() }, formPage: $"/incidents/{id}");
        var pr = await fixture.App.SignedInClientAsync("pr");
        await pr.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[2].Id.ToString(), ["note"] = "秘書広報課のXで注意喚起" }, formPage: $"/incidents/{id}");
        await it.PostFormAsync($"/incidents/{id}?handler=Step", new() { ["stepId"] = steps[3].Id.ToString(), ["note"] = "CISOに報告。原因はパスワードの使い回し" }, formPage: $"/incidents/{id}");
        var ciso = await fixture.App.SignedInClientAsync("ciso");
        await ciso.PostFormAsync($"/incidents/{id}?handler=Acknowledge", new() { ["escalationId"] = chain[2].Id.ToString() }, formPage: $"/incidents/{id}");

        var closed = await manager.PostFormAsync($"/incidents/{id}?handler=Close", new()
        {
            ["version"] = (await Db(db => db.Incidents.Where(i => i.Id == id).Select(i => i.Version).FirstAsync(Ct))).ToString(),
            ["summary"] = "不正ログインによる投稿を削除し、アカウントを回復した。", ["cause"] = "パスワードの使い回し", ["lessons"] = "パスワード管理と二要素認証の徹底",
        }, formPage: $"/incidents/{id}");
        Assert.Contains("インシデントを終結しました。", Html(await manager.PageAfterAsync(closed)));

        // The timeline reads in the order things were done, even within one click (registered, then the first level told).
        var kinds = await Db(db => db.IncidentEvents.Where(e => e.IncidentId == id).OrderBy(e => e.At).Select(e => e.Kind).ToListAsync(Ct));
        Assert.Equal(["opened", "notified"], kinds.Take(2));
        Assert.Equal("closed", kinds[^1]);
        // A closed incident's record stays as reported.
        var lateNote = await manager.PostFormAsync($"/incidents/{id}?handler=Note", new() { ["text"] = "後から書き足し" }, formPage: $"/incidents/{id}");
        Assert.Contains("終結したインシデントの経過は変更できません", Html(await manager.PageAfterAsync(lateNote)));

        // The account page lists its incidents for those who may see them.
        Assert.Contains("心当たりのない投稿（テスト乗っ取り）", Html(await manager.GetHtmlAsync($"/accounts/{account}")));

        var report = Html(await manager.GetHtmlAsync($"/incidents/{id}/report"));
        Assert.Contains("インシデント終結報告", report);
        Assert.Contains("パスワードの使い回し", report);
        Assert.Contains(evidence.Sha256, report);
        Assert.Contains("第3段階 統括情報セキュリティ責任者", report);
        var docx = await manager.GetAsync($"/incidents/{id}/report?handler=Docx", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false))
            Assert.Contains("パスワード管理と二要素認証の徹底", doc.MainDocumentPart!.Document.Body!.InnerText);

        var actions = await Db(db => db.AuditRecords.Where(r => r.TargetId == id.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct));
        Assert.Equal("incident.opened", actions[0]);
        Assert.Equal("incident.closed", actions[^1]);
        Assert.Equal(3, actions.Count(a => a == "incident.acknowledged"));
        Assert.Contains("incident.account-paused", actions);
        Assert.Contains("incident.evidence-added", actions);
    }

    [Fact]
    public async Task A_level_nobody_acknowledges_in_time_is_passed_up_and_the_top_is_reminded()
    {
        var account = await AccountAsync("武蔵野市防災情報X（デモ）");
        var reporter = await fixture.App.SignedInClientAsync("operator");
        var id = await OpenAsync(reporter, new() { ["Type"] = "Flaming", ["AccountId"] = account.ToString(), ["Title"] = "批判の殺到（テスト）", ["Description"] = "避難所の案内に批判が集まっている。" });
        var timer = fixture.App.Services.GetRequiredService<IncidentTimer>();
        Assert.Equal(0, await timer.RunOnceAsync(Ct)); // nothing is late yet

        // The 30 (here 60) minutes pass: the acknowledgement deadline is moved into the past as the clock would.
        await fixture.App.WithDbAsync(async (db, _) =>
            await db.IncidentEscalations.Where(e => e.IncidentId == id && e.Level == 0).ExecuteUpdateAsync(s => s.SetProperty(e => e.AcknowledgeBy, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct), await TenantAsync());
        Assert.Equal(1, await timer.RunOnceAsync(Ct));
        var chain = await Db(db => db.IncidentEscalations.Where(e => e.IncidentId == id).OrderBy(e => e.Level).ToListAsync(Ct));
        Assert.NotNull(chain[0].TimedOutAt);
        Assert.NotNull(chain[1].NotifiedAt); // 秘書広報課 told
        var prId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "pr", Ct)).Id);
        var told = await Db(db => db.Notifications.Where(n => n.RecipientId == prId && n.Link == $"/incidents/{id}").Select(n => n.Body).ToListAsync(Ct));
        Assert.Contains(told, b => b.Contains("期限までに確認しなかったため"));
        Assert.Equal(0, await timer.RunOnceAsync(Ct)); // once only

        // The top level too: reminded, and the administrators told.
        await fixture.App.WithDbAsync(async (db, _) =>
            await db.IncidentEscalations.Where(e => e.IncidentId == id && e.Level == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.AcknowledgeBy, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct), await TenantAsync());
        Assert.Equal(1, await timer.RunOnceAsync(Ct));
        var adminId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "admin", Ct)).Id);
        Assert.True(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == adminId && n.Title.StartsWith("【未確認】") && n.Link == $"/incidents/{id}", Ct)));

        // A late acknowledgement is still recorded, marked late.
        var manager = await fixture.App.SignedInClientAsync("manager");
        await manager.PostFormAsync($"/incidents/{id}?handler=Acknowledge", new() { ["escalationId"] = chain[0].Id.ToString() }, formPage: $"/incidents/{id}");
        var timeline = Html(await manager.GetHtmlAsync($"/incidents/{id}"));
        Assert.Contains("確認（期限後）", timeline);
        Assert.Contains("60分以内に確認しませんでした", timeline);
    }

    [Fact]
    public async Task An_impersonation_puts_the_impostor_on_the_public_directory_drafts_the_notice_and_takes_it_down_again()
    {
        var genuine = await AccountAsync("武蔵野市公式X（デモ）");
        var pr = await fixture.App.SignedInClientAsync("pr");
        var id = await OpenAsync(pr, new()
        {
            ["Type"] = "Impersonation", ["AccountId"] = genuine.ToString(), ["Title"] = "公式Xのなりすまし", ["Description"] = "市民から通報。",
            ["ImpostorPlatform"] = "X", ["ImpostorHandle"] = "@musashino_city_incident_test",
        });
        var anonymous = fixture.App.NewClient();
        Assert.DoesNotContain("@musashino_city_incident_test", Html(await anonymous.GetHtmlAsync("/directory/132039")));

        var raised = await pr.PostFormAsync($"/incidents/{id}?handler=Warning", new() { ["message"] = "市の公式アカウントを装ったアカウントにご注意ください。" }, formPage: $"/incidents/{id}");
        Assert.Contains("なりすましの注意を掲載しました", Html(await pr.PageAfterAsync(raised)));
        var directory = Html(await anonymous.GetHtmlAsync("/directory/132039"));
        Assert.Contains("@musashino_city_incident_test", directory);
        Assert.DoesNotContain("href=\"https://x.com/musashino_city_incident_test", directory);
        var warning = await Db(db => db.ImpersonationWarnings.SingleAsync(w => w.ImpostorHandle == "@musashino_city_incident_test", Ct));
        Assert.Equal(id, warning.IncidentId);

        var drafted = await pr.PostFormAsync($"/incidents/{id}?handler=Draft", new() { ["kind"] = "ImpersonationNotice", ["accountIds"] = genuine.ToString() }, formPage: $"/incidents/{id}");
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var post = await Db(db => db.Posts.SingleAsync(p => p.IncidentId == id, Ct));
        Assert.Equal(Koho.Web.Posts.PostStatus.Draft, post.Status); // through the normal approval like any post
        Assert.Contains("@musashino_city_incident_test", post.Text);
        Assert.Contains("https://koho.test/directory", post.Text);
        Assert.Contains($"この投稿はインシデント第{(await Db(db => db.Incidents.SingleAsync(i => i.Id == id, Ct))).Number}号への対応として作成されました。",
            Html(await pr.GetHtmlAsync($"/posts/{post.Id}")));

        var cleared = await pr.PostFormAsync($"/incidents/{id}?handler=ClearWarning", new(), formPage: $"/incidents/{id}");
        Assert.Contains("注意を解除しました", Html(await pr.PageAfterAsync(cleared)));
        Assert.DoesNotContain("@musashino_city_incident_test", Html(await anonymous.GetHtmlAsync("/directory/132039")));

        // Raised again from the incident and cleared on the directory page: the incident learns of it and may raise it again.
        await pr.PostFormAsync($"/incidents/{id}?handler=Warning", new() { ["message"] = "再掲します。" }, formPage: $"/incidents/{id}");
        var again = await Db(db => db.ImpersonationWarnings.SingleAsync(w => w.ImpostorHandle == "@musashino_city_incident_test" && w.ClearedAt == null, Ct));
        await pr.PostFormAsync("/accounts/impersonation?handler=Clear", new() { ["warningId"] = again.Id.ToString() }, formPage: "/accounts/impersonation");
        Assert.Null((await Db(db => db.Incidents.SingleAsync(i => i.Id == id, Ct))).WarningId);
        Assert.Contains("公開一覧に注意を掲載する", Html(await pr.GetHtmlAsync($"/incidents/{id}")));
    }

    [Fact]
    public async Task Only_the_public_relations_and_it_offices_or_the_chain_put_warnings_on_the_public_directory()
    {
        // An operator reports an impersonation (anyone may), naming the city's own account as the "impostor".
        var reporter = await fixture.App.SignedInClientAsync("operator");
        var own = await OpenAsync(reporter, new()
        {
            ["Type"] = "Impersonation", ["Title"] = "偽アカウント？", ["Description"] = "通報あり", ["ImpostorPlatform"] = "X", ["ImpostorHandle"] = "@musashino_demo",
        });
        Assert.DoesNotContain("公開一覧に注意を掲載する", Html(await reporter.GetHtmlAsync($"/incidents/{own}")));
        var refused = await reporter.PostFormAsync($"/incidents/{own}?handler=Warning", new() { ["message"] = "市の公式アカウントはにせものです" }, formPage: $"/incidents/{own}");
        Assert.Contains("公開一覧に注意を掲載する権限がありません", Html(await reporter.PageAfterAsync(refused)));
        // Even the PR office cannot warn against the city's own registered account.
        var pr = await fixture.App.SignedInClientAsync("pr");
        var ownHandle = await pr.PostFormAsync($"/incidents/{own}?handler=Warning", new() { ["message"] = "注意" }, formPage: $"/incidents/{own}");
        Assert.Contains("市の公式アカウントとして登録されています", Html(await pr.PageAfterAsync(ownHandle)));
        var fullWidth = await pr.PostFormAsync("/accounts/impersonation", new() { ["platform"] = "X", ["handle"] = "＠Musashino_Demo", ["message"] = "注意" }, formPage: "/accounts/impersonation");
        Assert.Contains("市の公式アカウントとして登録されています", Html(await pr.PageAfterAsync(fullWidth))); // however it is written
        Assert.False(await Db(db => db.ImpersonationWarnings.AnyAsync(w => w.ImpostorHandle == "@musashino_demo" || w.ImpostorHandle == "＠Musashino_Demo", Ct)));
    }

    [Fact]
    public async Task Bad_reports_change_nothing_and_incidents_are_seen_only_by_those_who_respond()
    {
        var account = await AccountAsync("武蔵野市防災情報X（デモ）");
        var before = await Db(db => db.Incidents.CountAsync(Ct));
        var reporter = await fixture.App.SignedInClientAsync("operator");
        var bad = await reporter.PostFormAsync("/incidents/new", new() { ["Type"] = "Hijacking", ["Title"] = "", ["Description"] = new string('あ', 4001) });
        var page = Html(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("件名を200文字以内で入力してください。", page);
        Assert.Contains("4000文字以内", page);
        Assert.Contains("乗っ取りは対象の公式アカウントを選んでください。", page);
        var noHandle = await reporter.PostFormAsync("/incidents/new", new() { ["Type"] = "Impersonation", ["Title"] = "t", ["Description"] = "d" });
        Assert.Contains("なりすましアカウントの名前", Html(await noHandle.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await Db(db => db.Incidents.CountAsync(Ct)));

        var id = await OpenAsync(reporter, new() { ["Type"] = "Misinformation", ["AccountId"] = account.ToString(), ["Title"] = "開設日の誤り（テスト）", ["Description"] = "避難所の開設日を誤って投稿した。" });
        // An oversized screen record is refused with a message and nothing is kept.
        var huge = new byte[IncidentService.MaxEvidenceBytes + 1];
        Png.CopyTo(huge, 0);
        var tooBig = await UploadAsync(reporter, id, null, "huge.png", huge);
        Assert.Contains("ファイルが大きすぎます", Html(await tooBig.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await Db(db => db.IncidentEvidence.CountAsync(e => e.IncidentId == id, Ct)));

        // HR is neither in Musashino's misinformation chain nor its steps: not found for them; the auditor reads it.
        var hr = await fixture.App.SignedInClientAsync("hr");
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync($"/incidents/{id}", Ct)).StatusCode);
        Assert.DoesNotContain("開設日の誤り（テスト）", Html(await hr.GetHtmlAsync("/incidents")));
        var auditor = await fixture.App.SignedInClientAsync("auditor");
        Assert.Contains("開設日の誤り（テスト）", Html(await auditor.GetHtmlAsync($"/incidents/{id}")));
        var noEvidence = await auditor.PostFormAsync($"/incidents/{id}?handler=Note", new() { ["text"] = "監査のメモ" }, formPage: $"/incidents/{id}");
        Assert.Contains("対応者だけが経過を記録できます", Html(await auditor.PageAfterAsync(noEvidence)));

        // A correction drafted from the incident for the account, waiting for the normal approval.
        var manager = await fixture.App.SignedInClientAsync("manager");
        var drafted = await manager.PostFormAsync($"/incidents/{id}?handler=Draft", new() { ["kind"] = "Correction", ["accountIds"] = account.ToString() }, formPage: $"/incidents/{id}");
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        Assert.StartsWith("【訂正】", (await Db(db => db.Posts.SingleAsync(p => p.IncidentId == id, Ct))).Text);

        // Statistics for the council count it under its type and department.
        var council = await fixture.App.SignedInClientAsync("council");
        var stats = Html(await council.GetHtmlAsync("/incidents/statistics"));
        Assert.Contains("防災課", stats);
        var xlsx = await council.GetAsync("/incidents/statistics?handler=Xlsx", Ct);
        using (var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), false))
        {
            var rows = book.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
                .Select(r => r.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList()).ToList();
            Assert.Equal(["所管", "炎上", "なりすまし", "乗っ取り", "誤情報", "重要な記述の発見", "私的利用トラブル", "計"], rows[0]);
            var bousai = rows.Single(r => r[0] == "防災課");
            Assert.True(int.Parse(bousai[4]) >= 1); // this misinformation incident counts under 防災課
        }
        Assert.Equal(HttpStatusCode.Redirect, (await reporter.GetAsync("/incidents/statistics", Ct)).StatusCode); // operators: denied
    }
}

public sealed class IncidentTestsOnSqlite(SqliteAppFixture fixture) : IncidentTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class IncidentTestsOnPostgres(PostgresAppFixture fixture) : IncidentTests(fixture), IClassFixture<PostgresAppFixture>;
