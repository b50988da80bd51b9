using System.Net;
using System.Text;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

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
        var client = await fixture.App.SignedInClientAsync("auditor");
        var today = Koho.Web.Shell.JapaneseDates.TodayJst(TimeProvider.System);
        var todays = await client.GetStringAsync($"/api/audit?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", Ct);
        Assert.Contains("tenant.created", todays);
        var yesterday = await client.GetStringAsync($"/api/audit?to={today.AddDays(-1):yyyy-MM-dd}", Ct);
        Assert.Contains("\"total\":0", yesterday);
    }

    [Fact]
    public async Task The_CSV_export_opens_in_Excel_is_formula_safe_and_is_audited()
    {
        var client = await fixture.App.SignedInClientAsync("auditor");
        var response = await client.GetAsync("/api/audit/export?action=department.", Ct);
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

        var exported = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.IgnoreQueryFilters().Where(r => r.Action == "audit.exported").OrderByDescending(r => r.Seq).FirstAsync(Ct));
        Assert.Contains("監査 六郎", exported.ActorName);
        Assert.Contains("department.", exported.After);
    }

    [Fact]
    public async Task Staff_without_the_auditor_or_administrator_role_cannot_export()
    {
        var client = await fixture.App.SignedInClientAsync("hr");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/export", Ct)).StatusCode);
    }
}

public sealed class AuditSearchTestsOnSqlite(SqliteAppFixture fixture) : AuditSearchTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class AuditSearchTestsOnPostgres(PostgresAppFixture fixture) : AuditSearchTests(fixture), IClassFixture<PostgresAppFixture>;
