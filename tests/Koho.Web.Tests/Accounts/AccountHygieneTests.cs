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
    public void After_an_outside_organisation_ends_the_password_and_its_apps_must_change_whatever_the_packs_period()
    {
        var musashino = PackCatalog.BuiltIn.Get("musashino"); // no rotation period of its own
        var a = Account(Platform.X);
        a.PasswordChangedOn = Today.AddDays(-30);
        var app = new ConnectedApp { Name = "予約投稿ツール", LastReviewedOn = Today.AddDays(-30) };
        Assert.DoesNotContain(AccountHygiene.Check(a, [app], musashino, Today), p => p.Message.Contains("運用終了"));

        a.RotationDueSince = Today.AddDays(-1);
        a.RotationReason = "外部の運用団体「協会」の運用終了";
        var problems = AccountHygiene.Check(a, [app], musashino, Today);
        Assert.Contains(problems, p => p.Message.StartsWith("外部の運用団体「協会」の運用終了（", StringComparison.Ordinal) && p.Message.Contains("パスワードを変更していません"));
        Assert.Contains(problems, p => p.Message.Contains("連携アプリ「予約投稿ツール」を確認していません"));

        a.PasswordChangedOn = Today;
        app.LastReviewedOn = Today;
        Assert.DoesNotContain(AccountHygiene.Check(a, [app], musashino, Today), p => p.Message.Contains("運用終了"));
    }

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
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var id = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, tenantId);
        var manager = await fixture.App.SignedInClientAsync("manager");
        Assert.Contains("二要素認証（2段階認証）が有効になっていません", System.Net.WebUtility.HtmlDecode(await manager.GetHtmlAsync($"/accounts/{id}")));

        var future = await manager.PostFormAsync($"/accounts/{id}?handler=Hygiene", new() { ["passwordChangedOn"] = "2099-01-01" }, formPage: $"/accounts/{id}");
        Assert.Contains("未来の日付は入力できません", System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(future)));

        var r = await manager.PostFormAsync($"/accounts/{id}?handler=Hygiene", new()
        {
            ["twoFactorEnabled"] = "true", ["homepageLinkInProfile"] = "true", ["policyOnHomepage"] = "true",
            ["passwordChangedOn"] = "2026-11-01", ["newAppName"] = "予約投稿ツール",
        }, formPage: $"/accounts/{id}");
        var html = System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(r));
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

        // Posts per month, entered by hand until the posts feature counts them: shown in the chart, audited.
        var month = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddMonths(-1);
        var first = new DateOnly(month.Year, month.Month, 1);
        var recorded = await manager.PostFormAsync($"/accounts/{id}?handler=Posts", new() { ["month"] = first.ToString("yyyy-MM-dd"), ["posts"] = "7" }, formPage: $"/accounts/{id}");
        var page = System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(recorded));
        Assert.Contains($"{first.Year}年{first.Month}月の投稿数を記録しました。", page);
        Assert.Contains($"{first.Month}月 7", page); // the chart's text alternative
        var bad = await manager.PostFormAsync($"/accounts/{id}?handler=Posts", new() { ["month"] = "2099-01-01", ["posts"] = "-1" }, formPage: $"/accounts/{id}");
        Assert.Contains("今月までの月を選んでください。", System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(bad)));
        Assert.Equal(7, await fixture.App.WithDbAsync(async (db, _) => (await db.MonthlyPosts.FirstAsync(x => x.AccountId == id, Ct)).Posts, tenantId));

        // The people: the account manager must be a 所属長; operators are recorded and audited by name.
        var (managerId, operatorId) = await fixture.App.WithDbAsync(async (db, _) => (
            (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id, (await db.TenantUsers.FirstAsync(u => u.UserName == "operator", Ct)).Id), tenantId);
        var wrong = await manager.PostFormAsync($"/accounts/{id}?handler=People", new() { ["manager"] = operatorId.ToString() }, formPage: $"/accounts/{id}");
        Assert.Contains("所属長（運用管理責任者）の役割を持つ職員を選んでください", System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(wrong)));
        var people = await manager.PostFormAsync($"/accounts/{id}?handler=People", new() { ["manager"] = managerId.ToString(), ["operators"] = operatorId.ToString() }, formPage: $"/accounts/{id}");
        var after = System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(people));
        Assert.Contains("担当者を記録しました。", after);
        Assert.Contains("運用担当者: 防災 花子", after);
        var assigned = await fixture.App.WithDbAsync(async (db, _) => await db.AuditRecords.OrderByDescending(x => x.Seq).FirstAsync(Ct), tenantId);
        Assert.Equal("account.people-assigned", assigned.Action);
        Assert.Contains("防災 花子", assigned.After);
    }
}

public sealed class AccountHygieneTestsOnSqlite(SqliteAppFixture fixture) : AccountHygieneTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class AccountHygieneTestsOnPostgres(PostgresAppFixture fixture) : AccountHygieneTests(fixture), IClassFixture<PostgresAppFixture>;

public sealed class AccountActivityRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static OfficialAccount Running() => new()
    {
        Name = "公式", Handle = "h", Url = "https://x.com/h", Platform = Platform.X, Status = AccountStatus.Operating, OpenedOn = new DateOnly(2024, 4, 1),
    };

    [Fact]
    public void Joetsu_wants_a_post_a_month_and_says_so_for_last_month()
    {
        var joetsu = PackCatalog.BuiltIn.Get("joetsu");
        var none = AccountActivity.Check(Running(), new Dictionary<DateOnly, int>(), joetsu, Today);
        Assert.Contains(none, p => p.Message == "10月の投稿数が記録されていません（月 1 回以上が求められています）。" && p.Clauses.Contains("4(4)②"));
        var zero = AccountActivity.Check(Running(), new Dictionary<DateOnly, int> { [new(2026, 10, 1)] = 0 }, joetsu, Today);
        Assert.Contains(zero, p => p.Message.Contains("10月の投稿は 0 回で、月 1 回以上の基準を下回っています"));
        Assert.DoesNotContain(AccountActivity.Check(Running(), new Dictionary<DateOnly, int> { [new(2026, 10, 1)] = 3 }, joetsu, Today),
            p => p.Message.Contains("10月"));
        // A pack with no minimum says nothing about last month.
        Assert.DoesNotContain(AccountActivity.Check(Running(), new Dictionary<DateOnly, int>(), PackCatalog.BuiltIn.Get("musashino"), Today), p => p.Message.Contains("10月"));
    }

    [Fact]
    public void Months_without_any_post_over_the_dormancy_period_mark_the_account_dormant()
    {
        var musashino = PackCatalog.BuiltIn.Get("musashino");
        var months = musashino.Lifecycle.DormancyDays.Value!.Value / 30;
        var silent = Enumerable.Range(1, months).ToDictionary(i => new DateOnly(2026, 11, 1).AddMonths(-i), _ => 0);
        Assert.Contains(AccountActivity.Check(Running(), silent, musashino, Today), p => p.Message.Contains("休眠"));
        silent[new DateOnly(2026, 10, 1)] = 1;
        Assert.DoesNotContain(AccountActivity.Check(Running(), silent, musashino, Today), p => p.Message.Contains("休眠"));
        // Stopped accounts are not asked to post.
        var stopped = Running();
        stopped.Status = AccountStatus.Suspended;
        Assert.Empty(AccountActivity.Check(stopped, new Dictionary<DateOnly, int>(), PackCatalog.BuiltIn.Get("joetsu"), Today));
    }
}
