using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Accounts;

/// <summary>Security hygiene against each municipality's pack, and the account manager's audited confirmation.</summary>
public sealed class AccountHygieneRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static OfficialAccount Account(Platform platform) => new()
    {
        Name = "公式", Handle = "h", Url = "https://x.com/h", Platform = platform, Status = AccountStatus.Operating,
    };

    [Fact]
    public void Joetsu_asks_for_two_factor_and_a_regular_password_change_and_says_so_with_its_clause()
    {
        var joetsu = PackCatalog.BuiltIn.Get("joetsu");
        var a = Account(Platform.X);
        var problems = AccountHygiene.Check(a, [], joetsu, Today);
        Assert.Contains(problems, p => p.Message.StartsWith("二要素認証", StringComparison.Ordinal) && p.Clauses.Contains("6(1)①"));
        Assert.Contains(problems, p => p.Message.Contains("パスワードを最後に変更した日が記録されていません"));

        a.TwoFactorEnabled = true;
        a.PasswordChangedOn = Today.AddDays(-(joetsu.Lifecycle.Requirements.PasswordRotationDays.Value!.Value + 1));
        Assert.Contains(AccountHygiene.Check(a, [], joetsu, Today), p => p.Message.Contains("日経っています"));
        a.PasswordChangedOn = Today.AddDays(-10);
        a.HomepageLinkInProfile = true;
        Assert.DoesNotContain(AccountHygiene.Check(a, [], joetsu, Today),
            p => p.Message.Contains("二要素") || p.Message.Contains("パスワード") || p.Message.Contains("ホームページへのリンク"));
    }

    [Fact]
    public void Oizumi_asks_for_the_verified_badge_only_where_the_platform_offers_one_and_apps_are_reviewed_yearly()
    {
        var oizumi = PackCatalog.BuiltIn.Get("oizumi");
        Assert.Contains(AccountHygiene.Check(Account(Platform.X), [], oizumi, Today), p => p.Message.Contains("認証済みバッジ"));
        Assert.DoesNotContain(AccountHygiene.Check(Account(Platform.Mastodon), [], oizumi, Today), p => p.Message.Contains("認証済みバッジ"));

        var stale = new ConnectedApp { Name = "予約投稿ツール", LastReviewedOn = Today.AddDays(-400) };
        var fresh = new ConnectedApp { Name = "分析ツール", LastReviewedOn = Today.AddDays(-30) };
        var problems = AccountHygiene.Check(Account(Platform.Mastodon), [stale, fresh], oizumi, Today);
        Assert.Contains(problems, p => p.Message.Contains("予約投稿ツール"));
        Assert.DoesNotContain(problems, p => p.Message.Contains("分析ツール"));
    }
}

public abstract class AccountHygieneTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_account_manager_records_the_check_and_the_connected_apps_and_it_is_audited()
    {
        var tenantId = await fixture.App.WithDbAsync(async (db, _) => (await db.Tenants.FirstAsync(t => t.Code == "132039", Ct)).Id);
        var id = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, tenantId);
        var manager = await fixture.App.SignedInClientAsync("manager");
        Assert.Contains("二要素認証（2段階認証）が有効になっていません", System.Net.WebUtility.HtmlDecode(await manager.GetHtmlAsync($"/accounts/{id}")));

        var future = await manager.PostFormAsync($"/accounts/{id}?handler=Hygiene", new() { ["passwordChangedOn"] = "2099-01-01" }, formPage: $"/accounts/{id}");
        Assert.Contains("未来の日付は入力できません", System.Net.WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync(Ct)));

        var r = await manager.PostFormAsync($"/accounts/{id}?handler=Hygiene", new()
        {
            ["twoFactorEnabled"] = "true", ["homepageLinkInProfile"] = "true", ["policyOnHomepage"] = "true",
            ["passwordChangedOn"] = "2026-11-01", ["newAppName"] = "予約投稿ツール",
        }, formPage: $"/accounts/{id}");
        var html = System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
        Assert.Contains("点検の結果を記録しました。", html);
        Assert.DoesNotContain("二要素認証（2段階認証）が有効になっていません", html);
        Assert.Contains("予約投稿ツール", html);

        var (account, apps, record) = await fixture.App.WithDbAsync(async (db, _) => (
            await db.OfficialAccounts.AsNoTracking().FirstAsync(a => a.Id == id, Ct),
            await db.ConnectedApps.CountAsync(x => x.AccountId == id, Ct),
            await db.AuditRecords.OrderByDescending(x => x.Seq).FirstAsync(Ct)), tenantId);
        Assert.True(account.TwoFactorEnabled);
        Assert.Equal(new DateOnly(2026, 11, 1), account.PasswordChangedOn);
        Assert.Equal(1, apps);
        Assert.Equal("account.hygiene-confirmed", record.Action);
        Assert.Contains("予約投稿ツール", record.After);
        Assert.DoesNotContain("password\"", record.After!.ToLowerInvariant()); // the date of a change, never a password
    }
}

public sealed class AccountHygieneTestsOnSqlite(SqliteAppFixture fixture) : AccountHygieneTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class AccountHygieneTestsOnPostgres(PostgresAppFixture fixture) : AccountHygieneTests(fixture), IClassFixture<PostgresAppFixture>;
