using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Packs;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Accounts;

public sealed class YearEndRulesTests
{
    private static OfficialAccount Running(DateOnly opened) => new()
    {
        Name = "公式", Handle = "h", Url = "https://x.com/h", Platform = Platform.X, Status = AccountStatus.Operating, OpenedOn = opened,
    };

    [Fact]
    public void Joetsu_renews_the_plan_and_Komae_reviews_at_each_year_end_Musashino_asks_neither()
    {
        Assert.True(YearEnd.Required(PackCatalog.BuiltIn.Get("joetsu")).Renewal);
        Assert.Equal((false, true), YearEnd.Required(PackCatalog.BuiltIn.Get("komae")));
        Assert.Equal((false, false), YearEnd.Required(PackCatalog.BuiltIn.Get("musashino")));

        var joetsu = PackCatalog.BuiltIn.Get("joetsu");
        var account = Running(new DateOnly(2025, 6, 1));           // opened in 令和7年度 (FY 2025)
        Assert.Null(YearEnd.DueFiscalYear(account, joetsu, new DateOnly(2026, 1, 15), new HashSet<int>()));
        Assert.Equal(2025, YearEnd.DueFiscalYear(account, joetsu, new DateOnly(2026, 2, 1), new HashSet<int>()));  // the 年度's last two months
        Assert.Equal(2025, YearEnd.DueFiscalYear(account, joetsu, new DateOnly(2026, 11, 22), new HashSet<int>())); // left undone: still due
        Assert.Null(YearEnd.DueFiscalYear(account, joetsu, new DateOnly(2026, 11, 22), new HashSet<int> { 2025 }));
        Assert.Null(YearEnd.DueFiscalYear(account, PackCatalog.BuiltIn.Get("musashino"), new DateOnly(2026, 3, 1), new HashSet<int>()));
    }
}

public abstract class YearEndTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_Komaes_pack_the_account_manager_records_the_years_review_and_it_is_audited()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        await fixture.App.WithDbAsync(async (_, sp) => await sp.GetRequiredService<GuidelinePackService>().ChooseAsync(tenantId, "komae", AuditActor.System, Ct), tenantId);
        var id = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式Facebook（デモ）", Ct)).Id, tenantId);
        var manager = await fixture.App.SignedInClientAsync("pr");
        var page = System.Net.WebUtility.HtmlDecode(await manager.GetHtmlAsync($"/accounts/{id}"));
        Assert.Contains("年度末の手続が未了です", page);

        var missing = await manager.PostFormAsync($"/accounts/{id}?handler=YearEnd", new() { ["notes"] = "x" }, formPage: $"/accounts/{id}");
        var html = System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(missing));
        Assert.Contains("点検の結論（継続・統合・停止）を選んでください。", html);
        Assert.Contains("3つの観点", html);

        var done = await manager.PostFormAsync($"/accounts/{id}?handler=YearEnd", new()
        {
            ["outcome"] = "Continue", ["followers"] = "1200", ["existingAccountChecks"] = "(ア)分野に特化 (イ)軽微でない (ウ)回数が多い",
        }, formPage: $"/accounts/{id}");
        html = System.Net.WebUtility.HtmlDecode(await manager.PageAfterAsync(done));
        Assert.Contains("年度末の手続を記録しました", html);
        Assert.Contains("継続する", html);
        var record = await fixture.App.WithDbAsync(async (db, _) => await db.AuditRecords.OrderByDescending(r => r.Seq).FirstAsync(Ct), tenantId);
        Assert.Equal("account.year-end-completed", record.Action);
        Assert.Contains("1200", record.After);
    }
}

public sealed class YearEndTestsOnSqlite(SqliteAppFixture fixture) : YearEndTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class YearEndTestsOnPostgres(PostgresAppFixture fixture) : YearEndTests(fixture), IClassFixture<PostgresAppFixture>;
