using System.Net;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Incidents;

/// <summary>
/// The municipality's own guideline decides the playbook: with Komae's pack (狛江市 4(3)カ, 見本第4条(4)) a hijacking means
/// keeping screen records, deleting the unauthorised posts, changing the password, revoking third-party apps, and
/// reporting 管理者 → 所属長 → 統括情報セキュリティ責任者. Its own app (the pack is changed for the whole municipality).
/// </summary>
public abstract class KomaeHijackingTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Komaes_guideline_a_hijacking_gets_Komaes_steps_and_reporting_chain()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var admin = await fixture.App.SignedInClientAsync("admin");
        var chosen = await admin.PostFormAsync("/packs/manage?handler=Choose", new() { ["packId"] = "komae" }, formPage: "/packs/manage");
        Assert.Contains("パックを「komae」にしました。", WebUtility.HtmlDecode(await chosen.Content.ReadAsStringAsync(Ct)));

        var account = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, tenantId);
        var reporter = await fixture.App.SignedInClientAsync("operator");
        var opened = await reporter.PostFormAsync("/incidents/new", new()
        {
            ["Type"] = "Hijacking", ["AccountId"] = account.ToString(), ["Title"] = "心当たりのない投稿", ["Description"] = "見覚えのない宣伝が投稿された。",
        });
        var id = Guid.Parse(opened.Headers.Location!.OriginalString.Split('/').Last());
        var (steps, chain, reference) = await fixture.App.WithDbAsync(async (db, _) => (
            await db.IncidentSteps.Where(s => s.IncidentId == id).OrderBy(s => s.Position).Select(s => new { s.StepKey, s.Actor, s.Record }).ToListAsync(Ct),
            await db.IncidentEscalations.Where(e => e.IncidentId == id).OrderBy(e => e.Level).Select(e => e.Office).ToListAsync(Ct),
            (await db.Incidents.FirstAsync(i => i.Id == id, Ct)).PackReference), tenantId);
        Assert.StartsWith("komae@", reference);
        Assert.Equal(["confirm", "report-manager", "report-ciso", "evidence", "delete", "password", "unlink", "monitor"], steps.Select(s => s.StepKey));
        Assert.Equal("evidence", steps.Single(s => s.StepKey == "evidence").Record); // screen records kept as evidence
        Assert.Equal("accountManager", steps.Single(s => s.StepKey == "report-ciso").Actor); // 所属長 → 統括情報セキュリティ責任者
        Assert.Equal(["accountManager", "ciso"], chain);                                      // after the 管理者 (operator) reports to the 所属長
        var page = WebUtility.HtmlDecode(await reporter.GetHtmlAsync($"/incidents/{id}"));
        Assert.Contains("サードパーティー製のアプリケーション・サービスの連携機能を解除する", page);
        Assert.Contains("当該アカウントのパスワードを変更する", page);
    }
}

public sealed class KomaeHijackingTestsOnSqlite(SqliteAppFixture fixture) : KomaeHijackingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class KomaeHijackingTestsOnPostgres(PostgresAppFixture fixture) : KomaeHijackingTests(fixture), IClassFixture<PostgresAppFixture>;
