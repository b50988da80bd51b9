using System.Net;
using System.Text;
using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Posts;

/// <summary>
/// After approval: an account without an API connection waits for staff to post by hand and record the URL (the
/// Manual connector); the stop-all switch holds everything; what was published is in the searchable, exportable
/// record; an account's API secrets are never shown or logged.
/// </summary>
public abstract class PublishingTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private async Task<Guid> TenantAsync() => await fixture.App.DemoTenantIdAsync();

    private async Task<Guid> AccountAsync(string name) =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == name, Ct)).Id, await TenantAsync());

    /// <summary>Written by the operator, approved by the 課長, to be published as soon as approved.</summary>
    private async Task<Guid> ApprovedPostAsync(string text)
    {
        var account = await AccountAsync("武蔵野市防災情報X（デモ）");
        var author = await fixture.App.SignedInClientAsync("operator");
        var fields = new Dictionary<string, string> { ["Form.Text"] = text, ["Form.Kind"] = "Disaster", ["Form.Accounts"] = account.ToString(), ["Form.ScheduledAt"] = "" };
        var created = await author.PostFormAsync("/posts/new", fields);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        await author.PostFormAsync($"/posts/{id}?handler=Submit", new(fields) { ["version"] = "1" }, formPage: $"/posts/{id}");
        var manager = await fixture.App.SignedInClientAsync("manager");
        var approved = await manager.PostFormAsync($"/posts/{id}?handler=Decide", new() { ["version"] = "2", ["decision"] = "Approve" }, formPage: $"/posts/{id}");
        Assert.Contains("承認しました。", Html(await manager.PageAfterAsync(approved)));
        return id;
    }

    private Task<int> RunPublisherAsync() => fixture.App.Services.GetRequiredService<Publisher>().RunOnceAsync(Ct);

    private async Task<(Post Post, PostTarget Target)> LoadAsync(Guid id) =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.Posts.AsNoTracking().FirstAsync(p => p.Id == id, Ct),
            await db.PostTargets.AsNoTracking().FirstAsync(t => t.PostId == id, Ct)), await TenantAsync());

    [Fact]
    public async Task Without_a_connection_staff_post_by_hand_and_record_the_url_which_goes_into_the_public_record()
    {
        var id = await ApprovedPostAsync("【避難所開設】市立第一中学校に避難所を開設しました。");
        await RunPublisherAsync();
        var (post, target) = await LoadAsync(id);
        Assert.Equal((PostStatus.Publishing, TargetStatus.AwaitingManual), (post.Status, target.Status));

        var author = await fixture.App.SignedInClientAsync("operator");
        Assert.Contains("手動で投稿したら、その URL を記録してください", Html(await author.GetHtmlAsync($"/posts/{id}")));
        var bad = await author.PostFormAsync($"/posts/{id}?handler=Manual", new() { ["targetId"] = target.Id.ToString(), ["url"] = "javascript:alert(1)" }, formPage: $"/posts/{id}");
        Assert.Contains("公開された投稿の URL（https://…）を入力してください。", Html(await author.PageAfterAsync(bad)));
        var ok = await author.PostFormAsync($"/posts/{id}?handler=Manual", new() { ["targetId"] = target.Id.ToString(), ["url"] = "https://x.com/musashino_bousai_demo/status/1" }, formPage: $"/posts/{id}");
        Assert.Contains("公開した投稿の URL を記録しました。", Html(await author.PageAfterAsync(ok)));
        (post, target) = await LoadAsync(id);
        Assert.Equal((PostStatus.Published, TargetStatus.Published, "https://x.com/musashino_bousai_demo/status/1"), (post.Status, target.Status, target.Url!));

        // It counts toward the account's posting frequency this month, without anyone entering it by hand.
        var month = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var counted = await fixture.App.WithDbAsync(async (db, _) =>
            (await Koho.Web.Accounts.AccountActivity.MonthlyAsync(db, [target.AccountId], new DateOnly(month.Year, month.Month, 1), Ct))[target.AccountId], await TenantAsync());
        Assert.True(counted.GetValueOrDefault(new DateOnly(month.Year, month.Month, 1)) >= 1);
        Assert.Contains($"{month.Year}/{month.Month}: ", Html(await author.GetHtmlAsync($"/accounts/{target.AccountId}")));
        Assert.DoesNotContain($"{month.Year}/{month.Month}: 未記録", Html(await author.GetHtmlAsync($"/accounts/{target.AccountId}")));

        // The public record finds it, and exports it for Excel (UTF-8 BOM) and as JSON.
        var auditor = await fixture.App.SignedInClientAsync("auditor");
        var archive = Html(await auditor.GetHtmlAsync("/posts/archive?q=" + Uri.EscapeDataString("市立第一中学校")));
        Assert.Contains("【避難所開設】市立第一中学校に避難所を開設しました。", archive);
        Assert.Contains("山田 太郎（防災課長）", archive);
        var csv = await (await auditor.GetAsync($"/posts/archive?account={target.AccountId}&handler=Csv", Ct)).Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("公開日時,公式アカウント,SNS,本文,区分,作成者,作成者の団体（外部の運用団体）,承認者,投稿前チェックの指摘,指摘を承知で承認した理由,URL,投稿ID,ガイドライン", text);
        Assert.Contains("市立第一中学校", text);
        var json = System.Text.Json.JsonDocument.Parse(await auditor.GetStringAsync($"/posts/archive?account={target.AccountId}&handler=Json", Ct)).RootElement;
        Assert.Contains(json.EnumerateArray(), e => e.GetProperty("本文").GetString()!.Contains("市立第一中学校"));
    }

    [Fact]
    public async Task The_stop_all_switch_holds_every_due_post_until_it_is_resumed_and_every_page_says_so()
    {
        var pr = await fixture.App.SignedInClientAsync("pr");
        var paused = await pr.PostFormAsync("/posts/pause", new() { ["accountId"] = "", ["reason"] = "震度6弱の地震のため、予約投稿を止めます" });
        Assert.Contains("投稿を停止しました。", Html(await pr.PageAfterAsync(paused)));
        var operatorClient = await fixture.App.SignedInClientAsync("operator");
        Assert.Contains("震度6弱の地震のため、予約投稿を止めます", Html(await operatorClient.GetHtmlAsync("/")));  // the banner, on every staff page

        var id = await ApprovedPostAsync("明日のイベントは予定どおり開催します。");
        await RunPublisherAsync();
        Assert.Equal(PostStatus.Approved, (await LoadAsync(id)).Post.Status);        // held

        var pauseId = await fixture.App.WithDbAsync(async (db, _) => (await db.PublishingPauses.FirstAsync(p => p.ResumedAt == null, Ct)).Id, await TenantAsync());
        var resumed = await pr.PostFormAsync("/posts/pause?handler=Resume", new() { ["pauseId"] = pauseId.ToString() }, formPage: "/posts/pause");
        Assert.Contains("停止を解除しました。", Html(await pr.PageAfterAsync(resumed)));
        Assert.DoesNotContain("投稿を停止中です", Html(await operatorClient.GetHtmlAsync("/")));
        await RunPublisherAsync();
        Assert.Equal(TargetStatus.AwaitingManual, (await LoadAsync(id)).Target.Status); // released

        var actions = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.TargetId == pauseId.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct), await TenantAsync());
        Assert.Equal(["publishing.paused", "publishing.resumed"], actions);
        // Operators cannot pull the switch.
        var denied = await operatorClient.GetAsync("/posts/pause", Ct);
        Assert.Contains("/denied", denied.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_accounts_api_secret_is_stored_encrypted_and_never_shown_or_audited()
    {
        var account = await AccountAsync("武蔵野市公式Facebook（デモ）");
        var prChief = await fixture.App.SignedInClientAsync("prchief");
        const string secret = "EAAB-very-secret-page-token-0123456789";
        var set = await prChief.PostFormAsync($"/accounts/{account}?handler=Connection",
            new() { ["platformAccountId"] = "1234567890", ["baseUrl"] = "", ["secrets[accessToken]"] = secret }, formPage: $"/accounts/{account}");
        var page = Html(await prChief.PageAfterAsync(set));
        Assert.Contains("投稿の連携を設定しました。", page);
        Assert.Contains("設定済み", page);
        Assert.DoesNotContain(secret, page);
        var (stored, audit) = await fixture.App.WithDbAsync(async (db, _) => (
            await db.PlatformCredentials.AsNoTracking().FirstAsync(c => c.AccountId == account, Ct),
            await db.AuditRecords.AsNoTracking().Where(r => r.TargetId == account.ToString()).Select(r => r.After ?? "").ToListAsync(Ct)), await TenantAsync());
        Assert.DoesNotContain(secret, stored.ProtectedSecrets);
        Assert.All(audit, a => Assert.DoesNotContain(secret, a));
        var opened = await fixture.App.WithDbAsync(async (_, sp) => sp.GetRequiredService<CredentialVault>().Open(stored, "https://graph.facebook.com/v21.0"), await TenantAsync());
        Assert.Equal(secret, opened!.Secrets["accessToken"]);
        Assert.DoesNotContain(secret, opened.ToString());

        var missing = await prChief.PostFormAsync($"/accounts/{account}?handler=Connection", new() { ["platformAccountId"] = "", ["secrets[accessToken]"] = "" }, formPage: $"/accounts/{account}");
        var refusal = Html(await prChief.PageAfterAsync(missing));
        Assert.Contains("プラットフォーム上のアカウント ID を入力してください。", refusal);
        Assert.Contains("ページアクセストークンを入力してください。", refusal);
    }
}

public sealed class PublishingTestsOnSqlite(SqliteAppFixture fixture) : PublishingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PublishingTestsOnPostgres(PostgresAppFixture fixture) : PublishingTests(fixture), IClassFixture<PostgresAppFixture>;
