using System.Net;
using System.Text;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Audit;

/// <summary>An auditor searches the trail and takes a copy of it as CSV; taking the copy is itself recorded.</summary>
public abstract class AuditSearchTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_auditor_filters_by_action_and_actor()
    {
        var client = await fixture.App.SignedInClientAsync("auditor");
        var byAction = await client.GetHtmlAsync("/audit?action=department.");
        Assert.Contains("部署の追加", byAction);
        Assert.DoesNotContain("職員の追加", byAction);

        var byActor = await client.GetStringAsync("/api/audit?actor=" + Uri.EscapeDataString("監査 六郎"), Ct);
        Assert.Contains("user.signed-in", byActor);
        Assert.DoesNotContain("department.created", byActor);
    }

    [Fact]
    public async Task A_date_range_is_read_in_Japan_time()
    {
        // 2026-04-01 00:30 in Japan is still 2026-03-31 in UTC: the demo records belong to April 1st.
        TestDatabase.RequireAvailable(fixture.Kind);
        await using var database = await TestDatabase.CreateAsync(fixture.Kind);
        var clock = new FixedClock(new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(9)));
        await using var app = new KohoApp(database, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = await app.SignedInClientAsync("auditor");
        Assert.Contains("tenant.created", await client.GetStringAsync("/api/audit?from=2026-04-01&to=2026-04-01", Ct));
        Assert.Contains("\"total\":0", await client.GetStringAsync("/api/audit?to=2026-03-31", Ct));
        Assert.Contains("\"total\":0", await client.GetStringAsync("/api/audit?from=2026-04-02", Ct));
    }

    [Fact]
    public async Task Extreme_page_numbers_and_dates_are_answered_not_crashed_on()
    {
        var client = await fixture.App.SignedInClientAsync("auditor");
        foreach (var url in new[] { "/api/audit?page=2147483647", "/api/audit?page=-5", "/api/audit?from=0001-01-01&to=9999-12-31", "/audit?p=2147483647&from=0001-01-01&to=9999-12-31" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url, Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task The_auditor_pages_through_the_whole_trail()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        await fixture.App.WithDbAsync(async (_, sp) =>
        {
            var org = sp.GetRequiredService<Koho.Web.Organization.OrganizationService>();
            for (var i = 0; i < Koho.Web.Audit.AuditSearch.PageSize; i++)
                await org.CreateDepartmentAsync(tenantId, $"頁送り確認{i:D2}課{Guid.NewGuid():N}"[..14], null, Koho.Web.Audit.AuditActor.System, Ct);
            return 0;
        }, tenantId);
        var client = await fixture.App.SignedInClientAsync("auditor");
        var first = await client.GetHtmlAsync("/audit?action=department.");
        var second = await client.GetHtmlAsync("/audit?action=department.&p=2");
        Assert.Contains("1 / ", first);
        Assert.Contains("2 / ", second);
        Assert.Contains("総合政策部", second); // the oldest department records are on the last page
        Assert.DoesNotContain("総合政策部", first);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    [Fact]
    public async Task The_CSV_export_opens_in_Excel_is_formula_safe_and_is_audited()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        await fixture.App.WithDbAsync(async (_, sp) =>
            (await sp.GetRequiredService<Koho.Web.Organization.OrganizationService>().CreateDepartmentAsync(
                tenantId, "=HYPERLINK(\"x\")課", null, new Koho.Web.Audit.AuditActor(null, "@攻撃者"), Ct)).Value, tenantId);
        var client = await fixture.App.SignedInClientAsync("auditor");
        var response = await client.PostFormAsync("/audit?handler=Export", new() { ["action"] = "department." }, formPage: "/audit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 BOM for Excel
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("連番,日時(JST),操作者,操作", lines[0]);
        Assert.True(lines.Length > 10);
        Assert.All(lines.Skip(1), l => Assert.Contains(",department.created,", l));
        Assert.Contains(lines, l => l.Contains("\"{\"\"Name\"\":\"\"総合政策部\"\"")); // JSON summary quoted per RFC 4180
        // A cell that a spreadsheet would run as a formula is defused with a leading apostrophe.
        Assert.Contains(lines, l => l.Contains(",'@攻撃者,"));
        Assert.DoesNotContain(lines, l => l.Contains(",@攻撃者,"));

        var exported = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.IgnoreQueryFilters().Where(r => r.Action == "audit.exported").OrderByDescending(r => r.Seq).FirstAsync(Ct));
        Assert.Contains("監査 六郎", exported.ActorName);
        Assert.Contains("department.", exported.After);
    }

    [Fact]
    public async Task Staff_without_the_auditor_or_administrator_role_cannot_export()
    {
        var client = await fixture.App.SignedInClientAsync("hr");
        var response = await client.PostFormAsync("/audit?handler=Export", new(), formPage: "/profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/denied", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Exporting_needs_a_POST_with_its_antiforgery_token()
    {
        var client = await fixture.App.SignedInClientAsync("auditor");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/audit?handler=Export", new FormUrlEncodedContent([]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/audit/export", Ct)).StatusCode);
    }
}

public sealed class AuditSearchTestsOnSqlite(SqliteAppFixture fixture) : AuditSearchTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class AuditSearchTestsOnPostgres(PostgresAppFixture fixture) : AuditSearchTests(fixture), IClassFixture<PostgresAppFixture>;
