using System.Net;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Tests.PublicDirectory;

/// <summary>
/// なりすまし注意: the PR office warns citizens about an impostor on the public directory, and clears the warning
/// once the platform has removed it. Citizens see it at once (the cache is cleared); the impostor is never linked.
/// </summary>
public abstract class ImpersonationWarningTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warning_appears_on_the_public_directory_at_once_and_goes_when_cleared()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var anonymous = fixture.App.NewClient();
        Assert.DoesNotContain("なりすましアカウントにご注意ください", WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039"))); // cached now

        var pr = await fixture.App.SignedInClientAsync("pr");
        var genuine = await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市公式X（デモ）", Ct)).Id, tenantId);
        var raised = await pr.PostFormAsync("/accounts/impersonation", new()
        {
            ["platform"] = "X", ["handle"] = "@musashino_city_0fficial", ["genuineAccountId"] = genuine.ToString(),
            ["message"] = "武蔵野市公式Xを装ったアカウントが確認されています。フォローしないでください。",
        });
        Assert.Contains("公開一覧になりすましの注意を掲載しました。", WebUtility.HtmlDecode(await pr.PageAfterAsync(raised)));

        var html = WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039"));
        Assert.Contains("なりすましアカウントにご注意ください", html);
        Assert.Contains("@musashino_city_0fficial", html);
        Assert.Contains("フォローしないでください。", html);
        Assert.DoesNotContain("href=\"https://x.com/musashino_city_0fficial", html); // never sent there
        Assert.DoesNotContain("広報 一郎", html);                                      // nor who raised it

        // The same impostor twice is refused, and nothing is added.
        var again = await pr.PostFormAsync("/accounts/impersonation", new() { ["platform"] = "X", ["handle"] = "@musashino_city_0fficial", ["message"] = "再掲" });
        Assert.Contains("すでに掲載中です", WebUtility.HtmlDecode(await pr.PageAfterAsync(again)));
        var warningId = await fixture.App.WithDbAsync(async (db, _) => (await db.ImpersonationWarnings.SingleAsync(w => w.ImpostorHandle == "@musashino_city_0fficial", Ct)).Id, tenantId);

        var cleared = await pr.PostFormAsync("/accounts/impersonation?handler=Clear", new() { ["warningId"] = warningId.ToString() }, formPage: "/accounts/impersonation");
        Assert.Contains("なりすましの注意を解除しました。", WebUtility.HtmlDecode(await pr.PageAfterAsync(cleared)));
        Assert.DoesNotContain("なりすましアカウントにご注意ください", WebUtility.HtmlDecode(await anonymous.GetHtmlAsync("/directory/132039")));

        var actions = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.TargetId == warningId.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct), tenantId);
        Assert.Equal(["directory.impersonation-warned", "directory.impersonation-cleared"], actions);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_operators_cannot_raise_warnings()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var pr = await fixture.App.SignedInClientAsync("pr");
        var bad = await pr.PostFormAsync("/accounts/impersonation", new() { ["platform"] = "Myspace", ["handle"] = "", ["message"] = new string('あ', 501) });
        var page = WebUtility.HtmlDecode(await pr.PageAfterAsync(bad));
        Assert.Contains("SNS を選んでください", page);
        Assert.Contains("アカウント名", page);
        Assert.Contains("500文字以内", page);

        var operatorClient = await fixture.App.SignedInClientAsync("operator");
        var denied = await operatorClient.GetAsync("/accounts/impersonation", Ct);
        Assert.Contains("/denied", denied.Headers.Location!.OriginalString);
        var forbidden = await operatorClient.PostFormAsync("/accounts/impersonation", new() { ["platform"] = "X", ["handle"] = "@fake", ["message"] = "m" }, formPage: "/accounts");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
        Assert.Equal(0, await fixture.App.WithDbAsync(async (db, _) => await db.ImpersonationWarnings.CountAsync(w => w.ImpostorHandle == "@fake", Ct), tenantId));
    }
}

public sealed class ImpersonationWarningTestsOnSqlite(SqliteAppFixture fixture) : ImpersonationWarningTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class ImpersonationWarningTestsOnPostgres(PostgresAppFixture fixture) : ImpersonationWarningTests(fixture), IClassFixture<PostgresAppFixture>;
