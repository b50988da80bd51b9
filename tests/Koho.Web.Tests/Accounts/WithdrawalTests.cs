using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Packs;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Accounts;

public sealed class WithdrawalRulesTests
{
    [Fact]
    public void The_notice_post_sends_followers_to_the_main_account_and_says_when()
    {
        var leaving = new OfficialAccount { Name = "子育て応援X", Handle = "k", Url = "https://x.com/k", NoticeEndsOn = new DateOnly(2027, 3, 31) };
        var main = new OfficialAccount { Name = "狛江市公式X", Handle = "m", Url = "https://x.com/komae_city" };
        var text = Withdrawal.NoticePost(leaving, "狛江市", main);
        Assert.Equal("【お知らせ】「子育て応援X」は、令和9年3月31日をもって運用を終了します。これまでご覧いただき、ありがとうございました。" +
                     "今後の情報は「狛江市公式X」（https://x.com/komae_city）で発信しますので、こちらのフォローをお願いします。", text);
        Assert.Contains("公式ホームページ", Withdrawal.NoticePost(leaving, "狛江市", null));
    }

    [Fact]
    public void A_kept_stopped_account_is_checked_every_30_days_where_the_pack_keeps_watching()
    {
        var stopped = new OfficialAccount
        {
            Name = "x", Handle = "x", Url = "https://x.com/x", Status = AccountStatus.Suspended,
            StatusChangedAt = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero),
        };
        var komae = PackCatalog.BuiltIn.Get("komae");
        Assert.Null(Withdrawal.WatchDue(stopped, komae, new DateOnly(2026, 10, 30), null));
        Assert.Equal(new DateOnly(2026, 10, 31), Withdrawal.WatchDue(stopped, komae, new DateOnly(2026, 11, 22), null));
        Assert.Null(Withdrawal.WatchDue(stopped, komae, new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 1)));
        Assert.Null(Withdrawal.WatchDue(stopped, PackCatalog.BuiltIn.Get("joetsu"), new DateOnly(2026, 11, 22), null)); // Joetsu deletes instead
    }
}

public abstract class WithdrawalTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_Komaes_pack_an_account_is_announced_stopped_kept_and_checked_never_deleted()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        await fixture.App.WithDbAsync(async (_, sp) => await sp.GetRequiredService<GuidelinePackService>().ChooseAsync(tenantId, "komae", AuditActor.System, Ct), tenantId);
        var id = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, tenantId);
        var pr = await fixture.App.SignedInClientAsync("pr");

        // The notice needs the impact assessment; without it nothing changes.
        var unassessed = await pr.PostFormAsync($"/accounts/{id}", new() { ["to"] = "SuspensionNoticed", ["reason"] = "統合", ["noticeEndsOn"] = "2027-03-31" });
        var refusal = System.Net.WebUtility.HtmlDecode(await pr.PageAfterAsync(unassessed));
        Assert.Contains("影響評価: 現在のフォロワー数を 0 以上の整数で入力してください。", refusal);
        Assert.Contains("影響評価: このアカウントを案内している場所", refusal);
        Assert.Equal(AccountStatus.Operating, await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Id == id, Ct)).Status, tenantId));
        Assert.Equal(0, await fixture.App.WithDbAsync(async (db, _) => await db.WithdrawalAssessments.CountAsync(w => w.AccountId == id, Ct), tenantId));

        var (mainId, elsewhere) = await fixture.App.WithDbAsync(async (db, _) => (
            (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式X（デモ）", Ct)).Id,
            (await db.OfficialAccounts.FirstAsync(a => a.Status != AccountStatus.Operating, Ct)).Id), tenantId);
        var notRunning = await pr.PostFormAsync($"/accounts/{id}", new()
        {
            ["to"] = "SuspensionNoticed", ["reason"] = "統合", ["noticeEndsOn"] = "2027-03-31", ["followers"] = "3400",
            ["references"] = "防災ページ", ["mainAccountId"] = elsewhere.ToString(),
        });
        Assert.Contains("運用中の別の公式アカウントを選んでください", System.Net.WebUtility.HtmlDecode(await pr.PageAfterAsync(notRunning)));

        await pr.PostFormAsync($"/accounts/{id}", new()
        {
            ["to"] = "SuspensionNoticed", ["reason"] = "統合", ["noticeEndsOn"] = "2027-03-31", ["followers"] = "3400",
            ["references"] = "防災ページのバナー\n防災マップ（印刷物）のQRコード", ["mainAccountId"] = mainId.ToString(),
        });
        var page = System.Net.WebUtility.HtmlDecode(await pr.GetHtmlAsync($"/accounts/{id}"));
        Assert.Contains("停止の影響評価", page);
        Assert.Contains("3,400", page);
        Assert.Contains("防災マップ（印刷物）のQRコード", page);
        Assert.Contains("【お知らせ】「武蔵野市防災情報X（デモ）」は、令和9年3月31日をもって運用を終了します。", page);
        Assert.Contains("武蔵野市公式X（デモ）", page); // the other running X account, where followers are sent

        await pr.PostFormAsync($"/accounts/{id}", new() { ["to"] = "Suspended", ["reason"] = "停止" });
        page = System.Net.WebUtility.HtmlDecode(await pr.GetHtmlAsync($"/accounts/{id}"));
        Assert.DoesNotContain("value=\"Deleted\"", page);                              // not offered…
        Assert.Contains("4(5)エ", page);                                                 // …and the page says why
        var refused = await pr.PostFormAsync($"/accounts/{id}", new() { ["to"] = "Deleted", ["reason"] = "削除" });
        Assert.Contains("削除せず", System.Net.WebUtility.HtmlDecode(await pr.PageAfterAsync(refused)));

        var noNote = await pr.PostFormAsync($"/accounts/{id}?handler=Watch", new() { ["intact"] = "false" }, formPage: $"/accounts/{id}");
        Assert.Contains("異常があったときは、その内容を記入してください。", System.Net.WebUtility.HtmlDecode(await pr.PageAfterAsync(noNote)));
        var ok = await pr.PostFormAsync($"/accounts/{id}?handler=Watch", new() { ["intact"] = "true", ["note"] = "ログイン履歴に異常なし" }, formPage: $"/accounts/{id}");
        Assert.Contains("状況の確認を記録しました。", System.Net.WebUtility.HtmlDecode(await pr.PageAfterAsync(ok)));
        var assessment = await fixture.App.WithDbAsync(async (db, _) => await db.WithdrawalAssessments.SingleAsync(w => w.AccountId == id, Ct), tenantId);
        Assert.Equal((3400, mainId), (assessment.Followers, assessment.MainAccountId!.Value));
        var (status, audit) = await fixture.App.WithDbAsync(async (db, _) => (
            (await db.OfficialAccounts.FirstAsync(a => a.Id == id, Ct)).Status,
            await db.AuditRecords.CountAsync(r => r.Action == "account.watch-checked" && r.TargetId == id.ToString(), Ct)), tenantId);
        Assert.Equal(AccountStatus.Suspended, status);
        Assert.Equal(1, audit);
    }
}

public sealed class WithdrawalTestsOnSqlite(SqliteAppFixture fixture) : WithdrawalTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class WithdrawalTestsOnPostgres(PostgresAppFixture fixture) : WithdrawalTests(fixture), IClassFixture<PostgresAppFixture>;
