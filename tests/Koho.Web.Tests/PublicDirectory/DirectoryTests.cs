using System.Net;
using System.Text;
using System.Text.Json;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Organization;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.PublicDirectory;

/// <summary>
/// The public directory of official accounts: what citizens may see, in HTML, JSON and CSV, without signing in —
/// and what they must never see (accounts not yet approved or gone, internal fields, another municipality's).
/// </summary>
public abstract class DirectoryTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> TenantAsync() =>
        fixture.App.DemoTenantIdAsync();

    [Fact]
    public async Task Citizens_see_the_running_accounts_with_their_policies_and_never_the_internal_or_pending_ones()
    {
        var anonymous = fixture.App.NewClient();
        var html = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039"));
        Assert.Contains("武蔵野市 公式ソーシャルメディアアカウント一覧", html);
        Assert.Contains("武蔵野市公式X（デモ）", html);
        Assert.Contains("https://www.city.musashino.lg.jp/demo/sns-policy.html", html);
        Assert.Contains("令和3年4月1日", html);                       // 開設日 in 和暦
        Assert.Contains("ここに載っていないアカウントは", html);       // how to tell an impostor
        Assert.DoesNotContain("子育て応援Instagram", html);           // 申請中: not an official account yet
        Assert.DoesNotContain("__RequestVerificationToken", html);   // nothing per-visitor: the page can be cached
        Assert.DoesNotContain("防災 花子", html);                     // no staff names

        var json = JsonDocument.Parse(await anonymous.GetStringAsync("/directory/132039.json", Ct)).RootElement;
        var first = json.EnumerateArray().First();
        Assert.Equal(["地方公共団体コード", "団体名", "所管課", "SNS種別", "アカウント名", "URL", "運用ポリシーURL", "開設日", "状態"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.All(json.EnumerateArray(), e => Assert.Equal("132039", e.GetProperty("地方公共団体コード").GetString()));
        Assert.DoesNotContain(json.EnumerateArray(), e => e.GetProperty("状態").GetString() == "申請中");

        var csv = await anonymous.GetAsync("/directory/132039.csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);   // BOM: Excel opens Japanese correctly
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("地方公共団体コード,団体名,所管課,SNS種別,アカウント名,URL,運用ポリシーURL,開設日,状態\r\n", text);
        Assert.Contains("132039,武蔵野市,秘書広報課,X,武蔵野市公式X（デモ）,https://x.com/musashino_demo,", text);
    }

    [Fact]
    public async Task Search_by_department_and_platform_and_bad_parameters_get_a_message()
    {
        var anonymous = fixture.App.NewClient();
        var json = JsonDocument.Parse(await anonymous.GetStringAsync("/directory/132039.json?platform=line", Ct)).RootElement;
        Assert.All(json.EnumerateArray(), e => Assert.Equal("LINE", e.GetProperty("SNS種別").GetString()));
        Assert.NotEmpty(json.EnumerateArray());
        var html = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039?department=防災課"));
        Assert.Contains("武蔵野市防災情報X（デモ）", html);
        Assert.DoesNotContain("武蔵野市公式Facebook（デモ）", html);

        // Made-up filter values are not cached pages: the HTML goes back to the plain list, JSON/CSV answer 400.
        var made = await anonymous.GetAsync("/directory/132039?platform=myspace&department=" + Uri.EscapeDataString("防災課"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal("/directory/132039?department=" + Uri.EscapeDataString("防災課"), made.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/directory/132039.json?department=" + Uri.EscapeDataString("架空課"), Ct)).StatusCode);
        var bad = await anonymous.GetAsync("/directory/132039.json?platform=myspace", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("SNS種別「myspace」はありません", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/directory/999999.json", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_suspension_notice_shows_at_once_and_a_stopped_or_another_municipalitys_account_never_does()
    {
        var tenantId = await TenantAsync();
        var account = await fixture.App.WithDbAsync(async (db, _) =>
            await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市子育て応援Instagram（デモ）", Ct), tenantId);
        var anonymous = fixture.App.NewClient();
        Assert.DoesNotContain("子育て応援Instagram", WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039"))); // now cached

        // Through the account page, as the PR office that keeps the register: approve, open, announce the stop.
        var pr = await fixture.App.SignedInClientAsync("pr");
        foreach (var (to, end) in new[] { ("Approved", ""), ("Operating", ""), ("SuspensionNoticed", "2027-03-31") })
        {
            var r = await pr.PostFormAsync($"/accounts/{account.Id}", new()
            {
                ["to"] = to, ["reason"] = "テスト", ["noticeEndsOn"] = end, ["followers"] = "1200", ["references"] = "なし",
            });
            Assert.Contains("状態を「", WebUtility.HtmlDecode(await pr.PageAfterAsync(r)));
        }
        var html = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039"));
        Assert.Contains("武蔵野市子育て応援Instagram（デモ）", html);      // the cache was cleared by the change
        Assert.Contains("停止予告中（2027-03-31 停止）", html);

        var stop = await pr.PostFormAsync($"/accounts/{account.Id}", new() { ["to"] = "Suspended", ["reason"] = "停止" });
        Assert.Contains("状態を「停止」にしました", WebUtility.HtmlDecode(await pr.PageAfterAsync(stop)));
        Assert.DoesNotContain("子育て応援Instagram", WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039")));
        var audit = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(a => a.Action == "account.status-changed" && a.TargetId == account.Id.ToString()).CountAsync(Ct), tenantId);
        Assert.Equal(4, audit);

        // Another municipality in the same deployment: its accounts only under its own code.
        await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var org = sp.GetRequiredService<OrganizationService>();
            var other = await db.Tenants.FirstOrDefaultAsync(t => t.Code == "152226", Ct)
                        ?? (await org.CreateTenantAsync("152226", "上越市", AuditActor.System, Ct)).Value!;
            sp.GetRequiredService<TenantContext>().Use(other.Id);
            var dept = (await org.CreateDepartmentAsync(other.Id, "広報対話課" + Guid.NewGuid().ToString("N")[..4], null, AuditActor.System, Ct)).Value!;
            db.OfficialAccounts.Add(new OfficialAccount
            {
                Id = Guid.NewGuid(), TenantId = other.Id, DepartmentId = dept.Id, Name = "上越市公式X（テスト）", Platform = Platform.X,
                Handle = "joetsu_test", Url = "https://x.com/joetsu_test", Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        var musashino = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039?platform=x"));
        Assert.DoesNotContain("上越市公式X（テスト）", musashino);
        Assert.Contains("上越市公式X（テスト）", WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/152226")));
        // With two municipalities, the bare path asks which one.
        var choose = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory"));
        Assert.Contains("団体を選んでください", choose);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/directory.json", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_section_head_manages_only_their_own_departments_accounts()
    {
        var tenantId = await TenantAsync();
        var pressOffice = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式Facebook（デモ）", Ct)).Id, tenantId);
        var manager = await fixture.App.SignedInClientAsync("manager"); // 防災課長
        Assert.DoesNotContain("状態の変更", await manager.GetHtmlAsync($"/accounts/{pressOffice}"));
        var r = await manager.PostFormAsync($"/accounts/{pressOffice}", new() { ["to"] = "SuspensionNoticed", ["reason"] = "x", ["noticeEndsOn"] = "2030-01-01" });
        Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);
        var hygiene = await manager.PostFormAsync($"/accounts/{pressOffice}?handler=Hygiene", new() { ["twoFactorEnabled"] = "true" }, formPage: $"/accounts/{pressOffice}");
        Assert.NotEqual(HttpStatusCode.OK, hygiene.StatusCode);
        Assert.Equal(AccountStatus.Operating, await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Id == pressOffice, Ct)).Status, tenantId));
    }

    [Fact]
    public async Task Only_those_who_keep_the_register_change_an_accounts_status()
    {
        var tenantId = await TenantAsync();
        var id = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Status == AccountStatus.Operating, Ct)).Id, tenantId);
        var operatorClient = await fixture.App.SignedInClientAsync("operator");
        var page = await operatorClient.GetHtmlAsync($"/accounts/{id}");
        Assert.DoesNotContain("状態の変更", page);
        var r = await operatorClient.PostFormAsync($"/accounts/{id}", new() { ["to"] = "SuspensionNoticed", ["reason"] = "x", ["noticeEndsOn"] = "2030-01-01" });
        Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);
        var status = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Id == id, Ct)).Status, tenantId);
        Assert.Equal(AccountStatus.Operating, status);
    }
}

public sealed class DirectoryTestsOnSqlite(SqliteAppFixture fixture) : DirectoryTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class DirectoryTestsOnPostgres(PostgresAppFixture fixture) : DirectoryTests(fixture), IClassFixture<PostgresAppFixture>;
