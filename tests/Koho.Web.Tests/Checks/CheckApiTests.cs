using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Checks;

/// <summary>The checker in the web app: POST /api/checks and the 投稿前チェック page, with the tenant's pack.</summary>
public sealed class CheckApiTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostCheckAsync(HttpClient client, object body, bool withToken = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/checks") { Content = JsonContent.Create(body) };
        if (withToken)
        {
            request.Headers.Add("X-CSRF-TOKEN", HttpClientForms.AntiforgeryToken(await client.GetHtmlAsync("/checks")));
        }
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task The_API_checks_with_the_tenants_pack_and_cites_its_clauses()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var response = await PostCheckAsync(client, new { text = "申請者のマイナンバー 123456789018 を確認しました。", platform = "x" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("musashino", doc.RootElement.GetProperty("pack").GetString()); // 武蔵野市 (132039)
        Assert.True(doc.RootElement.GetProperty("blocked").GetBoolean());
        var finding = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal("personal-info", finding.GetProperty("category").GetString());
        Assert.Equal("個人情報", finding.GetProperty("categoryLabel").GetString());
        Assert.Equal(11, finding.GetProperty("start").GetInt32());
        Assert.Equal("musashino", finding.GetProperty("clauses")[0].GetProperty("pack").GetString());
    }

    [Fact]
    public async Task Bad_input_is_answered_400_in_Japanese()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var response = await PostCheckAsync(client, new { text = "", platform = "myspace", pack = "atlantis", scheduledAt = "tomorrow" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("本文", body);
        Assert.Contains("atlantis", body);
        Assert.Contains("myspace", body);
        Assert.Contains("scheduledAt「tomorrow」は日時として読めません", body);
    }

    [Fact]
    public async Task The_API_needs_the_antiforgery_header_and_a_signed_in_user()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostCheckAsync(client, new { text = "x" }, withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.App.NewClient().PostAsJsonAsync("/api/checks", new { text = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_page_works_without_JavaScript_and_marks_the_problem_in_the_text()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        var response = await client.PostFormAsync("/checks", new() { ["Text"] = "【内部資料】補助金の審査結果です。", ["Platform"] = "x", ["Category"] = "normal" });
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("このままでは投稿できません", html);
        Assert.Contains("<mark class=\"mark--block\"", html);
        Assert.Contains(">内部資料</mark>", html);
        Assert.Contains("秘密情報", html);
        Assert.Contains("根拠となる条項", html);
    }

    [Fact]
    public async Task What_is_typed_on_the_check_page_is_not_recorded_anywhere()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        const string secret = "とても秘密な下書き本文XYZ";
        await client.PostFormAsync("/checks", new() { ["Text"] = secret });
        await PostCheckAsync(client, new { text = secret });
        var recorded = await fixture.App.WithDbAsync(async (db, _) =>
            db.AuditRecords.Where(r => r.After != null).AsEnumerable().Any(r => r.After!.Contains(secret)) , null);
        Assert.False(recorded);
    }
}
