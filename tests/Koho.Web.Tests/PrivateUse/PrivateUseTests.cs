using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Koho.Web.Incidents;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.PrivateUse;

/// <summary>
/// Staff's private use under Musashino's pack: the self-check (nothing kept unless the user saves it), the disclaimer,
/// confirming the guideline HR published — with the quiz, reminders, the list and a new version starting again —,
/// reporting a trouble as an incident, and the one-page summary.
/// </summary>
public abstract class PrivateUseTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private Task<T> Db<T>(Func<Koho.Web.Database.KohoDbContext, Task<T>> work) =>
        fixture.App.WithDbAsync(async (db, _) => await work(db), fixture.App.DemoTenantIdAsync().Result);

    private Task<int> AuditCountAsync() => Db(db => db.AuditRecords.CountAsync(Ct));

    /// <summary>A Saturday evening and a weekday morning, a few weeks ahead (no holiday, no year-end closure).</summary>
    private static (string Weekend, string Weekday) Times()
    {
        var weekday = WorkingTime.NextWorkingMorning(21);
        var saturday = DateOnly.FromDateTime(weekday.DateTime);
        while (saturday.DayOfWeek != DayOfWeek.Saturday) saturday = saturday.AddDays(1);
        return ($"{saturday:yyyy-MM-dd}T20:00", $"{weekday:yyyy-MM-dd}T10:00");
    }

    [Fact]
    public async Task The_self_check_applies_the_private_rules_and_keeps_nothing_that_was_typed()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var (weekend, weekday) = Times();
        var auditBefore = await AuditCountAsync();

        // Confidential matter from work, at a weekday 10:00: both are named, with Musashino's clauses.
        var flagged = await client.PostFormAsync("/private-use/self-check", new()
        {
            ["Text"] = "今日の窓口に来た山田花子さん（090-1234-5678）、大変だった。", ["PlannedAt"] = weekday,
        });
        Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
        Assert.Equal("no-store", flagged.Headers.CacheControl?.ToString());
        var html = Html(await flagged.Content.ReadAsStringAsync(Ct));
        Assert.Contains("このままでは投稿しないでください", html);
        Assert.Contains("個人情報", html);
        Assert.Contains("勤務時間中の私的投稿", html);
        Assert.Contains("3.1(5)", html);

        // An ordinary post on a Saturday evening: nothing to say.
        var clean = Html(await (await client.PostFormAsync("/private-use/self-check", new()
        {
            ["Text"] = "週末は井の頭公園を散歩。紅葉がきれいでした。", ["PlannedAt"] = weekend,
        })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("問題は見つかりませんでした。", clean);
        Assert.Contains("免責文は求められません", clean);

        // Nothing typed was stored or audited.
        Assert.Equal(auditBefore, await AuditCountAsync());
        Assert.Equal(0, await Db(db => db.SavedSelfChecks.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_post_about_the_city_asks_for_the_disclaimer_and_offers_the_pack_wording()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var (weekend, _) = Times();
        const string text = "武蔵野市の新しい図書館、仕事で準備に関わりました。ぜひ来てください。";

        var noProfile = Html(await (await client.PostFormAsync("/private-use/self-check", new() { ["Text"] = text, ["PlannedAt"] = weekend }))
            .Content.ReadAsStringAsync(Ct));
        Assert.Contains("プロフィール欄に免責文があるか確かめてください", noProfile);
        Assert.Contains("投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません", noProfile);
        Assert.Contains("3.2(3)", noProfile);

        var without = Html(await (await client.PostFormAsync("/private-use/self-check", new()
        {
            ["Text"] = text, ["PlannedAt"] = weekend, ["Profile"] = "武蔵野市在住。図書館と散歩が好きです。",
        })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("プロフィール欄に免責文が見つかりません", without);

        var with = Html(await (await client.PostFormAsync("/private-use/self-check", new()
        {
            ["Text"] = text, ["PlannedAt"] = weekend,
            ["Profile"] = "市職員。投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません。",
        })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("プロフィール欄に免責文があります", with);
        Assert.Contains("問題は見つかりませんでした。", with);
    }

    [Fact]
    public async Task A_saved_self_check_is_its_owners_alone_and_the_audit_trail_keeps_no_text()
    {
        var owner = await fixture.App.SignedInClientAsync("operator");
        var (weekend, _) = Times();
        const string secret = "来年度の組織改正の案、まだ内緒だけど課が統合されるらしい。";
        var saved = await owner.PostFormAsync("/private-use/self-check?handler=Save", new() { ["Text"] = secret, ["PlannedAt"] = weekend },
            formPage: "/private-use/self-check");
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, Html(await saved.Content.ReadAsStringAsync(Ct)));
        var row = await Db(db => db.SavedSelfChecks.SingleAsync(s => s.Text == secret, Ct));
        Assert.Contains("要修正", row.Outcome);
        Assert.Contains(secret, Html(await owner.GetHtmlAsync("/private-use/self-check")));
        var record = await Db(db => db.AuditRecords.SingleAsync(r => r.Action == "private-use.self-check-saved" && r.TargetId == row.Id.ToString(), Ct));
        Assert.DoesNotContain("組織改正", record.After ?? "");

        // Nobody else sees it or can delete it — not even HR or an administrator.
        foreach (var other in new[] { "hr", "admin" })
        {
            var client = await fixture.App.SignedInClientAsync(other);
            Assert.DoesNotContain(secret, Html(await client.GetHtmlAsync("/private-use/self-check")));
            var refused = await client.PostFormAsync($"/private-use/self-check?handler=Delete&id={row.Id}", new(), formPage: "/private-use/self-check");
            Assert.Contains("記録が見つかりません。", Html(await refused.Content.ReadAsStringAsync(Ct)));
        }
        Assert.True(await Db(db => db.SavedSelfChecks.AnyAsync(s => s.Id == row.Id, Ct)));

        var deleted = await owner.PostFormAsync($"/private-use/self-check?handler=Delete&id={row.Id}", new(), formPage: "/private-use/self-check");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await Db(db => db.SavedSelfChecks.AnyAsync(s => s.Id == row.Id, Ct)));
    }

    [Fact]
    public async Task Bad_self_check_input_is_refused_with_a_message()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var empty = Html(await (await client.PostFormAsync("/private-use/self-check", new() { ["Text"] = "  " })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("投稿しようとしている文章を入力してください。", empty);
        var badTime = Html(await (await client.PostFormAsync("/private-use/self-check", new() { ["Text"] = "こんにちは", ["PlannedAt"] = "来週" }))
            .Content.ReadAsStringAsync(Ct));
        Assert.Contains("投稿する日時を正しく入力してください", badTime);
        var tooLong = await client.PostFormAsync("/private-use/self-check?handler=Save", new() { ["Text"] = new string('あ', 10_001) },
            formPage: "/private-use/self-check");
        Assert.Contains("10,000文字以内", Html(await tooLong.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await Db(db => db.SavedSelfChecks.CountAsync(s => s.Text.Length > 10_000, Ct)));
    }

    [Fact]
    public async Task Confirmations_follow_the_published_version_with_quiz_reminders_export_and_a_new_version_resetting_them()
    {
        var hr = await fixture.App.SignedInClientAsync("hr");
        var op = await fixture.App.SignedInClientAsync("operator");
        var operatorId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "operator", Ct)).Id);

        // Only HR (and administrators) manage confirmations.
        Assert.Equal(HttpStatusCode.Redirect, (await op.GetAsync("/private-use/acknowledgements", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await op.GetAsync("/private-use/quiz", Ct)).StatusCode);

        // HR builds a question on 3.1(5); a question without a valid clause or with one choice is refused.
        var bad = await hr.PostFormAsync("/private-use/quiz", new() { ["ClauseId"] = "99", ["Question"] = "？", ["Choices"] = "はい", ["Correct"] = "1" });
        var badHtml = Html(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("問題のもとになる条項を選んでください。", badHtml);
        Assert.Contains("選択肢を1行に1つ、2〜4個", badHtml);
        Assert.Equal(0, await Db(db => db.QuizQuestions.CountAsync(Ct)));
        var added = await hr.PostFormAsync("/private-use/quiz", new()
        {
            ["ClauseId"] = "3.1(5)", ["Question"] = "昼休み以外の勤務時間中に、私的なアカウントで投稿してよいか。", ["Choices"] = "よい\nよくない", ["Correct"] = "2",
            ["Explanation"] = "就業時間中の私的利用は禁止されています。",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // A due date in the past is refused and nothing is published.
        var past = await hr.PostFormAsync("/private-use/acknowledgements?handler=Publish", new() { ["dueOn"] = "2020-04-01", ["withQuiz"] = "true" },
            formPage: "/private-use/acknowledgements");
        Assert.Contains("確認期限は今日以降の日付にしてください。", Html(await past.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await Db(db => db.GuidelineNotices.CountAsync(Ct)));

        var published = await hr.PostFormAsync("/private-use/acknowledgements?handler=Publish", new() { ["message"] = "全員確認してください。", ["withQuiz"] = "true" },
            formPage: "/private-use/acknowledgements");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var first = await Db(db => db.GuidelineNotices.SingleAsync(Ct));
        Assert.Equal("musashino@builtin", first.PackReference);
        Assert.True(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == operatorId && n.Link == "/private-use/acknowledge", Ct)));
        Assert.Contains("ガイドライン（武蔵野市ソーシャルメディア利用ガイドライン）を読んで確認してください。", Html(await op.GetHtmlAsync("/")));

        // A wrong answer records nothing and shows the clause; the right one records the confirmation.
        var wrong = await op.PostFormAsync("/private-use/acknowledge", new() { ["noticeId"] = first.Id.ToString(), ["read"] = "true", ["q0"] = "0" });
        var wrongHtml = Html(await wrong.Content.ReadAsStringAsync(Ct));
        Assert.Contains("1問中 1問が正しくありません", wrongHtml);
        Assert.Contains("就業時間中の利用は禁止します。", wrongHtml);
        Assert.False(await Db(db => db.GuidelineAcknowledgements.AnyAsync(Ct)));
        var right = await op.PostFormAsync("/private-use/acknowledge", new() { ["noticeId"] = first.Id.ToString(), ["read"] = "true", ["q0"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("全問正解", Html(await op.GetHtmlAsync("/private-use/acknowledge")));
        var again = await op.PostFormAsync("/private-use/acknowledge", new() { ["noticeId"] = first.Id.ToString(), ["read"] = "true", ["q0"] = "1" },
            formPage: "/private-use");
        Assert.Contains("この版はすでに確認済みです。", Html(await again.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(1, await Db(db => db.GuidelineAcknowledgements.CountAsync(Ct)));

        // HR sees who has not confirmed, reminds them once a day, exports the list.
        var staff = await Db(db => db.TenantUsers.CountAsync(Ct));
        var page = Html(await hr.GetHtmlAsync("/private-use/acknowledgements"));
        Assert.Contains($"1</strong> / {staff}", page);
        var reminded = await hr.PostFormAsync("/private-use/acknowledgements?handler=Remind", new() { ["noticeId"] = first.Id.ToString() },
            formPage: "/private-use/acknowledgements");
        Assert.Contains($"未確認の {staff - 1} 人に催促しました。", Html(await hr.PageAfterAsync(reminded)));
        Assert.False(await Db(db => db.AcknowledgementReminders.AnyAsync(r => r.UserId == operatorId, Ct))); // confirmed: not reminded
        var twice = await hr.PostFormAsync("/private-use/acknowledgements?handler=Remind", new() { ["noticeId"] = first.Id.ToString() },
            formPage: "/private-use/acknowledgements");
        Assert.Contains("今日すでに催促しています", Html(await twice.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(staff - 1, await Db(db => db.AcknowledgementReminders.CountAsync(Ct)));
        var xlsx = await hr.GetAsync("/private-use/acknowledgements?handler=Xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), false))
        {
            var rows = doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
                .Select(r => r.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList()).ToList();
            Assert.Contains(rows, r => r.Count >= 4 && r[1] == "防災 花子" && r[3] == "確認済み" && r[0].EndsWith("防災課", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Count >= 6 && r[1] == "人事 五子" && r[3] == "未確認" && r[5].Length > 0);
        }

        // The same version cannot be published twice.
        var same = await hr.PostFormAsync("/private-use/acknowledgements?handler=Publish", new(), formPage: "/private-use/acknowledgements");
        Assert.Contains("すでに周知しています", Html(await same.Content.ReadAsStringAsync(Ct)));

        // A new version of the guideline: HR is told, publishes it, and everyone confirms again.
        var admin = await fixture.App.SignedInClientAsync("admin");
        var upload = await admin.PostFormAsync("/packs/manage?handler=Upload", new() { ["Yaml"] = "id: musashino\nextends: musashino\nversion: 第3版\n" },
            formPage: "/packs/manage");
        Assert.Contains("第1版を登録し、この団体のパックにしました", Html(await upload.Content.ReadAsStringAsync(Ct)));
        Assert.Contains("新しい版を周知してください", Html(await hr.GetHtmlAsync("/private-use/acknowledgements")));
        var second = await hr.PostFormAsync("/private-use/acknowledgements?handler=Publish", new(), formPage: "/private-use/acknowledgements");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var notices = await Db(db => db.GuidelineNotices.OrderBy(n => n.Number).ToListAsync(Ct));
        Assert.Equal(2, notices.Count);
        Assert.NotNull(notices[0].SupersededAt);
        Assert.Equal("musashino@1", notices[1].PackReference);
        Assert.Equal("第3版 令和6年2月14日", notices[1].Edition);
        var opPage = Html(await op.GetHtmlAsync("/private-use/acknowledge"));
        Assert.Contains("ガイドラインを読み、内容を理解しました", opPage);
        Assert.DoesNotContain("確認済みです", opPage);
        // Confirming the superseded notice is refused.
        var stale = await op.PostFormAsync("/private-use/acknowledge", new() { ["noticeId"] = notices[0].Id.ToString(), ["read"] = "true", ["q0"] = "1" });
        Assert.Contains("新しい版が周知されています", Html(await stale.Content.ReadAsStringAsync(Ct)));
        Assert.Contains($"0</strong> / {staff}", Html(await hr.GetHtmlAsync("/private-use/acknowledgements")));

        var actions = await Db(db => db.AuditRecords.Where(r => r.Action.StartsWith("private-use.")).Select(r => r.Action).ToListAsync(Ct));
        Assert.Equal(2, actions.Count(a => a == "private-use.notice-published"));
        Assert.Equal(1, actions.Count(a => a == "private-use.acknowledged"));
        Assert.Equal(1, actions.Count(a => a == "private-use.reminded"));
    }

    [Fact]
    public async Task A_trouble_report_opens_a_private_use_incident_that_reaches_the_reporters_supervisor()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var before = await Db(db => db.Incidents.CountAsync(Ct));
        var missing = await client.PostFormAsync("/private-use/trouble", new() { ["Service"] = "X", ["What"] = "" });
        Assert.Contains("何が起きたか", Html(await missing.Content.ReadAsStringAsync(Ct)));
        var badLink = await client.PostFormAsync("/private-use/trouble", new() { ["Service"] = "X", ["What"] = "言い争いになった", ["Link"] = "javascript:alert(1)" });
        Assert.Contains("https:// から始まる形", Html(await badLink.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await Db(db => db.Incidents.CountAsync(Ct)));

        var reported = await client.PostFormAsync("/private-use/trouble", new()
        {
            ["Service"] = "X", ["What"] = "市のイベントについての私の投稿に、事実と違うと指摘が相次いでいる。", ["Actions"] = "投稿に訂正を追記した。",
            ["Link"] = "https://x.com/someone/status/1",
        });
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);
        var id = Guid.Parse(reported.Headers.Location!.OriginalString.Split('/').Last());
        var incident = await Db(db => db.Incidents.SingleAsync(i => i.Id == id, Ct));
        Assert.Equal(IncidentType.PrivateUseTrouble, incident.Type);
        Assert.Null(incident.AccountId);
        Assert.Contains("これまでの対応: 投稿に訂正を追記した。", incident.Description);
        Assert.Equal("防災課", await Db(db => db.Departments.Where(d => d.Id == incident.DepartmentId).Select(d => d.Name).SingleAsync(Ct)));
        // Musashino: the 所属長 first, then 人事課.
        var chain = await Db(db => db.IncidentEscalations.Where(e => e.IncidentId == id).OrderBy(e => e.Level).Select(e => e.Office).ToListAsync(Ct));
        Assert.Equal(["accountManager", "hr"], chain);
        var managerId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id);
        Assert.True(await Db(db => db.Notifications.AnyAsync(n => n.RecipientId == managerId && n.Link == $"/incidents/{id}", Ct)));
        Assert.Contains("報告を受け付け、所属長に知らせました", Html(await client.PageAfterAsync(reported)));
    }

    [Fact]
    public async Task The_one_page_summary_states_the_packs_private_rules_with_their_clauses()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var html = Html(await client.GetHtmlAsync("/private-use/summary"));
        Assert.Contains("勤務時間中（平日 08:30〜17:15）は私的に利用しません。（3、3.1(5)、1(5)ア）", html);
        Assert.Contains("「投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません」（3.2(3)）", html);
        Assert.Contains("所属長 → 人事課 に報告します", html);
        Assert.Contains("政治的中立", html);
        var docx = await client.GetAsync("/private-use/summary?handler=Docx", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false);
        Assert.Contains("プロフィールの免責文", word.MainDocumentPart!.Document!.Body!.InnerText);
    }
}

public sealed class PrivateUseTestsOnSqlite(SqliteAppFixture fixture) : PrivateUseTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PrivateUseTestsOnPostgres(PostgresAppFixture fixture) : PrivateUseTests(fixture), IClassFixture<PostgresAppFixture>;
