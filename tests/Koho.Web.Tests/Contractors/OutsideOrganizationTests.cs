using System.Net;
using Koho.Web.Contractors;
using Koho.Web.Shell;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Contractors;

/// <summary>
/// The register of outside organisations (指定管理者・委託事業者・財政援助出資団体): registered by those who manage the
/// responsible department's accounts, with that department's 所属長 answering for them; given only that department's
/// accounts; their account manager warned before the period ends; ended with a reason. Every change audited.
/// </summary>
public abstract class OutsideOrganizationTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);

    private Task<T> Db<T>(Func<Koho.Web.Database.KohoDbContext, Task<T>> work) =>
        fixture.App.WithDbAsync(async (db, _) => await work(db), fixture.App.DemoTenantIdAsync().Result);

    private async Task<(Guid Department, Guid Manager)> BousaiAsync() => await Db(async db =>
        ((await db.Departments.FirstAsync(d => d.Name == "防災課", Ct)).Id, (await db.TenantUsers.FirstAsync(u => u.UserName == "manager", Ct)).Id));

    private static Dictionary<string, string> Form(string name, Guid department, Guid manager, DateOnly from, DateOnly to) => new()
    {
        ["Name"] = name, ["Kind"] = "DesignatedManager", ["Service"] = "防災センターの管理運営",
        ["PeriodFrom"] = from.ToString("yyyy-MM-dd"), ["PeriodTo"] = to.ToString("yyyy-MM-dd"),
        ["DepartmentId"] = department.ToString(), ["AccountManagerId"] = manager.ToString(),
    };

    private static DateOnly Today => JapaneseDates.TodayJst(TimeProvider.System);

    [Fact]
    public async Task Bad_or_unauthorised_registrations_are_refused_and_change_nothing()
    {
        var (department, manager) = await BousaiAsync();
        var before = await Db(db => db.OutsideOrganizations.CountAsync(Ct));
        var client = await fixture.App.SignedInClientAsync("manager");
        var bad = await client.PostFormAsync("/contractors/new", new()
        {
            ["Name"] = "", ["Service"] = "", ["PeriodFrom"] = Today.ToString("yyyy-MM-dd"), ["PeriodTo"] = Today.AddDays(-1).ToString("yyyy-MM-dd"),
        });
        var html = Html(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Contains("団体の名称を200文字以内で入力してください。", html);
        Assert.Contains("団体の種類（指定管理者・委託事業者・財政援助出資団体）を選んでください。", html);
        Assert.Contains("期間の終わりは始めより後の日にしてください。", html);
        Assert.Contains("所管課を選んでください。", html);

        // An operator may not register; a 所属長 not over the department may not either; the account manager must be 所属長 over it.
        var op = await fixture.App.SignedInClientAsync("operator");
        var refused = await op.PostFormAsync("/contractors/new", Form("防災協会", department, manager, Today, Today.AddYears(1)));
        Assert.Contains("この所管課の団体を登録する権限がありません", Html(await refused.Content.ReadAsStringAsync(Ct)));
        var prchief = await fixture.App.SignedInClientAsync("prchief");
        var other = await prchief.PostFormAsync("/contractors/new", Form("防災協会", department, manager, Today, Today.AddYears(1)));
        Assert.Contains("この所管課の団体を登録する権限がありません", Html(await other.Content.ReadAsStringAsync(Ct)));
        var prchiefId = await Db(async db => (await db.TenantUsers.FirstAsync(u => u.UserName == "prchief", Ct)).Id);
        var wrongManager = await client.PostFormAsync("/contractors/new", Form("防災協会", department, prchiefId, Today, Today.AddYears(1)));
        Assert.Contains("運用管理責任者には、所管課の所属長", Html(await wrongManager.Content.ReadAsStringAsync(Ct)));
        var past = await client.PostFormAsync("/contractors/new", Form("防災協会", department, manager, Today.AddYears(-2), Today.AddDays(-1)));
        Assert.Contains("期間がすでに終わっています", Html(await past.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await Db(db => db.OutsideOrganizations.CountAsync(Ct)));
    }

    [Fact]
    public async Task An_organisation_gets_only_its_departments_accounts_and_its_account_manager_is_warned_before_the_period_ends()
    {
        var (department, manager) = await BousaiAsync();
        var client = await fixture.App.SignedInClientAsync("manager");
        var registered = await client.PostFormAsync("/contractors/new", Form("一般財団法人 武蔵野防災協会", department, manager, Today.AddMonths(-11), Today.AddDays(10)));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var id = Guid.Parse(registered.Headers.Location!.OriginalString.Split('/').Last());
        var page = Html(await client.PageAfterAsync(registered));
        Assert.Contains("指定期間は", page);
        Assert.Contains("あと 10 日", page);

        var (bousai, pr) = await Db(async db => ((await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id,
            (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式X（デモ）", Ct)).Id));
        var assigned = await client.PostFormAsync($"/contractors/{id}?handler=Assign", new() { ["accountId"] = bousai.ToString() }, formPage: $"/contractors/{id}");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var twice = await client.PostFormAsync($"/contractors/{id}?handler=Assign", new() { ["accountId"] = bousai.ToString() }, formPage: $"/contractors/{id}");
        Assert.Contains("すでにこの団体に任せています", Html(await twice.Content.ReadAsStringAsync(Ct)));
        var foreign = await client.PostFormAsync($"/contractors/{id}?handler=Assign", new() { ["accountId"] = pr.ToString() }, formPage: $"/contractors/{id}");
        Assert.Contains("所管課の公式アカウントではありません", Html(await foreign.Content.ReadAsStringAsync(Ct)));
        Assert.Equal([bousai], await Db(db => db.OutsideAssignments.Where(x => x.OrganizationId == id).Select(x => x.AccountId).ToListAsync(Ct)));

        // Another department's 所属長 cannot touch it.
        var prchief = await fixture.App.SignedInClientAsync("prchief");
        var notTheirs = await prchief.PostFormAsync($"/contractors/{id}?handler=End", new() { ["reason"] = "終了" }, formPage: $"/contractors/{id}");
        Assert.Contains("団体が見つかりません。", Html(await notTheirs.Content.ReadAsStringAsync(Ct)));

        // The account manager's dashboard warns 10 days ahead; once the period has passed, it asks for the end to be recorded.
        Assert.Contains("「一般財団法人 武蔵野防災協会」の指定期間があと 10 日で終わります。", Html(await client.GetHtmlAsync("/")));
        await Db(async db =>
        {
            await db.OutsideOrganizations.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.PeriodTo, Today.AddDays(-1)), Ct);
            return 0;
        });
        Assert.Contains("「一般財団法人 武蔵野防災協会」の指定期間は終わっています。運用の終了を記録してください。", Html(await client.GetHtmlAsync("/")));
        var late = await client.PostFormAsync($"/contractors/{id}?handler=Assign", new() { ["accountId"] = bousai.ToString() }, formPage: $"/contractors/{id}");
        Assert.Contains("期間が終わった団体にはアカウントを任せられません。", Html(await late.Content.ReadAsStringAsync(Ct)));

        // Ending needs a reason; then nothing more can be assigned and the dashboard is quiet.
        var noReason = await client.PostFormAsync($"/contractors/{id}?handler=End", new() { ["reason"] = " " }, formPage: $"/contractors/{id}");
        Assert.Contains("終了の理由", Html(await noReason.Content.ReadAsStringAsync(Ct)));
        var ended = await client.PostFormAsync($"/contractors/{id}?handler=End", new() { ["reason"] = "指定期間の満了" }, formPage: $"/contractors/{id}");
        Assert.Contains("団体の運用を終了しました。", Html(await client.PageAfterAsync(ended)));
        Assert.DoesNotContain("武蔵野防災協会", Html(await client.GetHtmlAsync("/")));
        Assert.Contains("終了", Html(await client.GetHtmlAsync("/contractors")));

        // Offboarding: the account it ran now asks its manager to change the password the organisation knew.
        var accountPage = Html(await client.GetHtmlAsync($"/accounts/{bousai}"));
        Assert.Contains("外部の運用団体「一般財団法人 武蔵野防災協会」の運用終了", accountPage);
        Assert.Contains("のあと、パスワードを変更していません。", accountPage);
        var offboarding = Html(await client.GetHtmlAsync($"/contractors/{id}"));
        Assert.Contains("運用終了後の対応", offboarding);
        Assert.Contains("武蔵野市防災情報X（デモ）", offboarding);
        var changed = await client.PostFormAsync($"/accounts/{bousai}?handler=Hygiene", new()
        {
            ["twoFactorEnabled"] = "true", ["verifiedBadge"] = "true", ["passwordChangedOn"] = Today.ToString("yyyy-MM-dd"),
        }, formPage: $"/accounts/{bousai}");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.DoesNotContain("のあと、パスワードを変更していません。", Html(await client.GetHtmlAsync($"/accounts/{bousai}")));
        Assert.True(await Db(async db => (await db.OfficialAccounts.FirstAsync(a => a.Id == bousai, Ct)).PasswordChangedOn == Today));

        var actions = await Db(db => db.AuditRecords.Where(r => r.TargetId == id.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct));
        Assert.Equal(["outside.registered", "outside.account-assigned", "outside.ended"], actions);
    }
}

public sealed class OutsideOrganizationTestsOnSqlite(SqliteAppFixture fixture) : OutsideOrganizationTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class OutsideOrganizationTestsOnPostgres(PostgresAppFixture fixture) : OutsideOrganizationTests(fixture), IClassFixture<PostgresAppFixture>;
