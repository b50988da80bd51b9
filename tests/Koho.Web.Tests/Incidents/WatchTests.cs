using System.Net;
using System.Text;
using Koho.Web.Watch;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Incidents;

/// <summary>
/// The watch: mentions imported from CSV or JSON (all lines or none), triaged in the inbox, an incident opened from one;
/// a burst of mentions far above the account's usual raises a spike alert; an author whose handle imitates an official
/// account raises an impersonation candidate.
/// </summary>
public abstract class WatchTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string name, string content)
    {
        var token = HttpClientForms.AntiforgeryToken(await client.GetHtmlAsync("/watch/import"));
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", name);
        return await client.PostAsync("/watch/import", form, Ct);
    }

    [Fact]
    public async Task Imported_mentions_land_in_the_inbox_once_and_a_bad_line_imports_nothing()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var account = await fixture.App.WithDbAsync(async (db, _) => await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct), tenantId);
        var operatorClient = await fixture.App.SignedInClientAsync("operator");
        var count = () => fixture.App.WithDbAsync(async (db, _) => await db.Mentions.CountAsync(m => m.AccountId == account.Id, Ct), tenantId);
        var before = await count();

        var bad = await ImportAsync(operatorClient, "mentions.csv",
            $"account,author,text,postedAt\n{account.Handle},@resident_a,給水所はどこですか,2026/11/20 10:00\n{account.Handle},@resident_b,,2026/11/20 10:05\n{account.Handle},@resident_c,停電しています,昨日\n");
        var page = Html(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("3 行目: text（本文）は1〜4000文字です。", page);
        Assert.Contains("4 行目: postedAt", page);
        Assert.Equal(before, await count());

        var duplicated = await ImportAsync(operatorClient, "dup.csv", $"account,author,text,postedAt,text\n{account.Handle},@a,x,2026/11/20 10:00,y\n");
        Assert.Contains("1 行目: 見出しが重複しています（text）", Html(await duplicated.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await count());

        var json = $$"""[{"account":"{{account.Handle}}","id":"imp-1","author":"@resident_a","authorName":"市民A","text":"避難所の場所が間違っていませんか？","url":"https://x.com/resident_a/status/1","postedAt":"2026-11-20T10:00:00+09:00","isReply":true}]""";
        var ok = await ImportAsync(operatorClient, "mentions.json", json);
        Assert.Contains("1件の記述を取り込みました", Html(await operatorClient.PageAfterAsync(ok)));
        var again = await ImportAsync(operatorClient, "mentions.json", json);
        Assert.Contains("0件の記述を取り込みました", Html(await operatorClient.PageAfterAsync(again)));
        Assert.Equal(before + 1, await count());

        var inbox = Html(await operatorClient.GetHtmlAsync("/watch"));
        Assert.Contains("避難所の場所が間違っていませんか？", inbox);
        var mention = await fixture.App.WithDbAsync(async (db, _) => await db.Mentions.FirstAsync(m => m.ExternalId == "imp-1", Ct), tenantId);
        var opened = await operatorClient.PostFormAsync("/incidents/new", new()
        {
            ["Type"] = "ImportantMention", ["AccountId"] = account.Id.ToString(), ["Title"] = "避難所の誤り指摘", ["Description"] = mention.Text, ["MentionId"] = mention.Id.ToString(),
        }, formPage: $"/incidents/new?mentionId={mention.Id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var linked = await fixture.App.WithDbAsync(async (db, _) => await db.Mentions.AsNoTracking().FirstAsync(m => m.Id == mention.Id, Ct), tenantId);
        Assert.Equal(MentionStatus.Incident, linked.Status);
        Assert.NotNull(linked.IncidentId);

        // The HR office works on no account: it sees no inbox items of this account and cannot import for it.
        var hr = await fixture.App.SignedInClientAsync("hr");
        Assert.DoesNotContain("避難所の場所が間違っていませんか？", Html(await hr.GetHtmlAsync("/watch")));
        var refused = await ImportAsync(hr, "m.csv", $"account,author,text,postedAt\n{account.Handle},@x,テスト,2026/11/20 10:00\n");
        Assert.Contains($"2 行目: 公式アカウント「{account.Handle}」はありません", Html(await refused.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before + 1, await count());
        // Nor can an id in the address show them another account's inbox item.
        Assert.DoesNotContain("避難所の場所が間違っていませんか？", Html(await hr.GetHtmlAsync($"/incidents/new?mentionId={mention.Id}")));
    }

    [Fact]
    public async Task A_burst_of_mentions_raises_a_spike_alert_and_an_imitating_author_an_impersonation_candidate()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var account = await fixture.App.WithDbAsync(async (db, _) => await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式X（デモ）", Ct), tenantId);
        var pr = await fixture.App.SignedInClientAsync("pr");
        var now = DateTimeOffset.UtcNow;
        var lines = new StringBuilder("account,id,author,text,postedAt\n");
        // A quiet week: one or two mentions a day…
        for (var h = 2; h < 24 * 7; h += 13)
            lines.Append($"{account.Handle},base-{h},@resident_{h},いつもありがとうございます,{now.AddHours(-h).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz}\n");
        // …then 40 in the last hour, among them an account imitating the official one.
        for (var i = 0; i < 40; i++)
            lines.Append($"{account.Handle},burst-{i},@angry_{i},説明してください,{now.AddMinutes(-i).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz}\n");
        var official = account.Handle.TrimStart('@');
        lines.Append($"{account.Handle},lookalike-1,@{official.Replace("o", "0")},公式です。こちらをフォローしてください,{now.AddMinutes(-1).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz}\n");
        var imported = await ImportAsync(pr, "burst.csv", lines.ToString());
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);

        var alerts = await fixture.App.WithDbAsync(async (db, _) => await db.WatchAlerts.AsNoTracking().Where(a => a.RaisedAt > now.AddMinutes(-5)).ToListAsync(Ct), tenantId);
        var spike = Assert.Single(alerts, a => a.Kind == WatchAlertKind.Spike && a.AccountId == account.Id);
        Assert.Contains("普段", spike.Explanation);
        Assert.True(alerts.Count(a => a.Kind == WatchAlertKind.ImpersonationCandidate) == 1, string.Join(" | ", alerts.Select(a => $"{a.Kind} {a.Handle} {a.Explanation}")));
        var candidate = alerts.Single(a => a.Kind == WatchAlertKind.ImpersonationCandidate);
        Assert.Equal($"@{official.Replace("o", "0")}", candidate.Handle);
        Assert.Equal(account.Id, candidate.AccountId);
        var watch = Html(await pr.GetHtmlAsync("/watch"));
        Assert.Contains("言及の急増", watch);
        Assert.Contains("なりすまし候補", watch);

        // Dismissing needs a reason; an incident opened from the candidate carries the impostor's handle.
        var noReason = await pr.PostFormAsync("/watch?handler=Dismiss", new() { ["alertId"] = spike.Id.ToString() }, formPage: "/watch");
        Assert.Contains("対応不要とする理由", Html(await pr.PageAfterAsync(noReason)));
        var form = Html(await pr.GetHtmlAsync($"/incidents/new?alertId={candidate.Id}"));
        Assert.Contains(candidate.Handle, form);

        // The same impostor written another way (full-width ＠, upper case) is the same account: no second alert.
        var variant = $"＠{official.Replace("o", "0").ToUpperInvariant()}";
        await ImportAsync(pr, "again.csv", $"account,id,author,text,postedAt\n{account.Handle},variant-1,{variant},フォローしてね,{now.ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz}\n");
        Assert.Equal(1, await fixture.App.WithDbAsync(async (db, _) => await db.WatchAlerts.CountAsync(a => a.Kind == WatchAlertKind.ImpersonationCandidate && a.AccountId == account.Id, Ct), tenantId));
    }
}

public sealed class WatchTestsOnSqlite(SqliteAppFixture fixture) : WatchTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class WatchTestsOnPostgres(PostgresAppFixture fixture) : WatchTests(fixture), IClassFixture<PostgresAppFixture>;
