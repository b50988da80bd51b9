using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.Packs;

/// <summary>
/// A municipality's guideline pack on the web: every member of staff reads it; an administrator chooses a pack or
/// uploads a new version, which is validated first, numbered, audited — and from then on the checker follows it.
/// </summary>
public abstract class GuidelinePackTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> TenantAsync() =>
        fixture.App.DemoTenantIdAsync();

    private async Task<(int Versions, long Audit, string? PackId)> StateAsync(Guid tenantId) =>
        await fixture.App.WithDbAsync(async (db, _) => (
            await db.GuidelinePackVersions.CountAsync(Ct),
            await db.AuditRecords.LongCountAsync(Ct),
            (await db.Tenants.FirstAsync(t => t.Id == tenantId, Ct)).PackId), tenantId);

    [Fact]
    public async Task Any_staff_member_reads_the_guideline_clause_by_clause_with_what_Koho_does_about_each()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var html = await client.GetHtmlAsync("/packs");
        Assert.Contains("武蔵野市ソーシャルメディア利用ガイドライン", html);
        Assert.Contains("2.1ウ②", html);                 // a clause, by the document's own number
        Assert.Contains("ICT戦略会議", html);             // the council that approves a new platform
        Assert.Contains("投稿前チェック", html);           // what enforces a content clause
        Assert.Contains("指針のみ", html);                 // a clause Koho enforces nothing of, with its reason
        Assert.DoesNotContain("/packs/manage", html);     // the administration link is for administrators

        var manage = await client.GetAsync("/packs/manage", Ct);
        Assert.NotEqual(HttpStatusCode.OK, manage.StatusCode);

        // The same, for programs: GET /api/pack.
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/pack", Ct)).RootElement;
        Assert.StartsWith("musashino@", json.GetProperty("version").GetString());
        var clause = json.GetProperty("clauses").EnumerateArray().First(c => c.GetProperty("id").GetString() == "2.1ウ②");
        Assert.Contains("approval.emergency", clause.GetProperty("enforcedBy").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_invalid_upload_lists_every_problem_with_its_line_and_changes_nothing()
    {
        var tenantId = await TenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        var before = await StateAsync(tenantId);
        var r = await client.PostFormAsync("/packs/manage?handler=Upload", new()
        {
            ["Yaml"] = "id: musashino\nextends: musashino\nhours:\n  start: \"8時半\"\nhoilday: true\n",
        }, formPage: "/packs/manage");
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("uploaded.yaml 4 行目: hours.start:「8時半」は 08:30 の形で書いてください。", html);
        Assert.Contains("uploaded.yaml 5 行目: パック「hoilday」という項目はありません", html);
        Assert.Equal(before, await StateAsync(tenantId));
    }

    [Fact]
    public async Task A_pack_of_another_municipality_cannot_be_uploaded_as_ours()
    {
        var tenantId = await TenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        var before = await StateAsync(tenantId);
        var r = await client.PostFormAsync("/packs/manage?handler=Upload", new() { ["Yaml"] = "id: joetsu\nextends: joetsu\n" }, formPage: "/packs/manage");
        Assert.Contains("団体のコード（132039）と違います", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(before, await StateAsync(tenantId));
    }

    [Fact]
    public async Task An_uploaded_version_is_numbered_audited_shown_and_followed_by_the_checker()
    {
        var tenantId = await TenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        var before = await StateAsync(tenantId);
        // Musashino starts work at 9:00 from now on: a post at 8:45 on a weekday is then before working hours.
        var r = await client.PostFormAsync("/packs/manage?handler=Upload", new()
        {
            ["Yaml"] = "id: musashino\nextends: musashino\nhours:\n  start: \"09:00\"\n",
        }, formPage: "/packs/manage");
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct));
        var version = await fixture.App.WithDbAsync(async (db, _) => await db.GuidelinePackVersions.Where(v => v.PackId == "musashino").MaxAsync(v => v.Version, Ct), tenantId);
        Assert.Contains($"「musashino」の第{version}版を登録し", html);

        var after = await StateAsync(tenantId);
        Assert.Equal(before.Versions + 1, after.Versions);
        Assert.Equal(before.Audit + 1, after.Audit);
        Assert.Equal("musashino", after.PackId);
        var record = await fixture.App.WithDbAsync(async (db, _) => await db.AuditRecords.OrderByDescending(a => a.Seq).FirstAsync(Ct), tenantId);
        Assert.Equal("pack.uploaded", record.Action);
        Assert.Equal($"musashino@{version}", record.TargetId);
        Assert.Contains("Sha256", record.After);

        Assert.Contains($"第{version}版（登録）", await client.GetHtmlAsync("/packs"));

        // The checker now follows version N: the API says which version it checked under.
        var page = await client.GetHtmlAsync("/checks");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checks")
        {
            Content = JsonContent.Create(new { text = "図書館のお知らせです。", scheduledAt = "2026-12-09T08:45:00+09:00" }),
        };
        request.Headers.Add("X-CSRF-TOKEN", HttpClientForms.AntiforgeryToken(page));
        var json = JsonDocument.Parse(await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal($"musashino@{version}", json.GetProperty("packVersion").GetString());
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("category").GetString() == "outside-hours");
    }

    [Fact]
    public async Task Choosing_a_built_in_pack_switches_the_guideline_and_the_office_names_and_is_audited()
    {
        var tenantId = await TenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        try
        {
            var r = await client.PostFormAsync("/packs/manage?handler=Choose", new() { ["packId"] = "komae" }, formPage: "/packs/manage");
            Assert.Contains("パックを「komae」にしました", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync(Ct)));
            var tenant = await fixture.App.WithDbAsync(async (db, _) => await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, Ct));
            Assert.Equal("komae", tenant.PackId);
            Assert.Equal("行政情報化推進委員会", tenant.Offices.Council);
            var record = await fixture.App.WithDbAsync(async (db, _) => await db.AuditRecords.OrderByDescending(a => a.Seq).FirstAsync(Ct), tenantId);
            Assert.Equal("pack.chosen", record.Action);
            Assert.Contains("狛江市ソーシャルメディア活用ガイドライン", await client.GetHtmlAsync("/checks"));

            var bad = await client.PostFormAsync("/packs/manage?handler=Choose", new() { ["packId"] = "atlantis" }, formPage: "/packs/manage");
            Assert.Contains("パック「atlantis」はありません", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct)));
        }
        finally
        {
            await client.PostFormAsync("/packs/manage?handler=Choose", new() { ["packId"] = "musashino" }, formPage: "/packs/manage");
        }
    }
}

public sealed class GuidelinePackTestsOnSqlite(SqliteAppFixture fixture) : GuidelinePackTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class GuidelinePackTestsOnPostgres(PostgresAppFixture fixture) : GuidelinePackTests(fixture), IClassFixture<PostgresAppFixture>;
