using System.Net;
using Koho.Web.Audit;
using Koho.Web.Packs;
using Koho.Web.Posts;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Posts;

public sealed class EmergencyTemplateTests
{
    [Theory]
    [InlineData("【避難所開設】{日時}、{場所}に避難所を開設しました。", "【避難所開設】11月22日15時、市立第一中学校に避難所を開設しました。", true)]
    [InlineData("【避難所開設】{日時}、{場所}に避難所を開設しました。", "【避難所開設】11月22日15時、市立第一中学校に避難所を開設しました。不要不急の外出は控えて", false)]
    [InlineData("【避難所開設】{日時}、{場所}に避難所を開設しました。", "【避難所閉鎖】11月22日15時、市立第一中学校の避難所を閉鎖しました。", false)]
    [InlineData("{場所}が通行止めです。", "市道1号線\n（ここから自由な文）が通行止めです。", false)]   // a blank never spans lines
    [InlineData("気温(℃)は{数}です。[注意]", "気温(℃)は35です。[注意]", true)]                  // the template's own symbols are literal
    [InlineData("気温(℃)は{数}です。[注意]", "気温℃は35です。注意", false)]
    public void A_text_fits_a_template_only_with_its_blanks_filled(string template, string text, bool fits) =>
        Assert.Equal(fits, EmergencyPosting.Fits(template, text));
}

/// <summary>
/// Musashino 2.1ウ②: within a scope the 課長 approved in advance the operator publishes at once, then reports and the
/// 課長 confirms. Outside the scope, or under a pack without the rule, the path is refused.
/// </summary>
public abstract class EmergencyPostingTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Html(string s) => WebUtility.HtmlDecode(s);
    private const string Template = "【避難所開設】{日時}、{場所}に避難所を開設しました。";

    private async Task<Guid> BousaiAsync() =>
        await fixture.App.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, await fixture.App.DemoTenantIdAsync());

    private async Task<Guid> ScopeAsync(HttpClient manager)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        var defined = await manager.PostFormAsync("/posts/emergency", new()
        {
            ["title"] = "地震時の避難所開設" + Guid.NewGuid().ToString("N")[..4], ["accounts"] = (await BousaiAsync()).ToString(), ["kinds"] = "Disaster",
            ["templates"] = Template, ["validFrom"] = today.ToString("yyyy-MM-dd"), ["validTo"] = today.AddMonths(6).ToString("yyyy-MM-dd"),
        });
        Assert.Contains("事前承認の範囲を定めました。", Html(await manager.PageAfterAsync(defined)));
        return await fixture.App.WithDbAsync(async (db, _) => (await db.EmergencyScopes.OrderByDescending(s => s.DefinedAt).FirstAsync(Ct)).Id, await fixture.App.DemoTenantIdAsync());
    }

    private async Task<(HttpClient Author, Guid Id)> DraftAsync(string text)
    {
        var author = await fixture.App.SignedInClientAsync("operator");
        var created = await author.PostFormAsync("/posts/new", Fields(text, await BousaiAsync()));
        return (author, Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last()));
    }

    private static Dictionary<string, string> Fields(string text, Guid account) =>
        new() { ["Form.Text"] = text, ["Form.Kind"] = "Disaster", ["Form.Accounts"] = account.ToString(), ["Form.ScheduledAt"] = "" };

    [Fact]
    public async Task Within_the_scope_an_operator_publishes_at_once_then_reports_and_the_section_head_confirms()
    {
        var manager = await fixture.App.SignedInClientAsync("manager");
        var scope = await ScopeAsync(manager);
        var text = "【避難所開設】11月22日15時、市立第一中学校に避難所を開設しました。";
        var (author, id) = await DraftAsync(text);
        Assert.Contains("保存してすぐに発信", Html(await author.GetHtmlAsync($"/posts/{id}")));
        var published = await author.PostFormAsync($"/posts/{id}?handler=Emergency", new(Fields(text, await BousaiAsync())) { ["version"] = "1", ["scopeId"] = scope.ToString() }, formPage: $"/posts/{id}");
        Assert.Contains("事前承認の範囲内で発信しました。", Html(await author.PageAfterAsync(published)));
        var post = await fixture.App.WithDbAsync(async (db, _) => await db.Posts.AsNoTracking().FirstAsync(p => p.Id == id, Ct), await fixture.App.DemoTenantIdAsync());
        Assert.Equal(PostStatus.Approved, post.Status);
        Assert.Equal(scope, post.EmergencyScopeId);
        Assert.InRange(post.ReportDueAt!.Value - post.ApprovedAt!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1)); // Musashino: 24 h (Koho's default)
        await fixture.App.Services.GetRequiredService<Koho.Web.Posts.Publishing.Publisher>().RunOnceAsync(Ct);
        Assert.Equal(PostStatus.Publishing, (await fixture.App.WithDbAsync(async (db, _) => await db.Posts.AsNoTracking().FirstAsync(p => p.Id == id, Ct), await fixture.App.DemoTenantIdAsync())).Status);

        Assert.Contains("事後報告が 1 件必要です", Html(await author.GetHtmlAsync("/")));
        var selfConfirm = await author.PostFormAsync($"/posts/{id}?handler=ConfirmReport", new(), formPage: $"/posts/{id}");
        Assert.Contains("まだ事後報告が提出されていません。", Html(await author.PageAfterAsync(selfConfirm)));
        var reported = await author.PostFormAsync($"/posts/{id}?handler=Report", new() { ["report"] = "震度5強の地震のため、所属長不在中に開設情報を発信しました。" }, formPage: $"/posts/{id}");
        Assert.Contains("事後報告を提出しました。", Html(await author.PageAfterAsync(reported)));
        Assert.Contains("確認を待っている緊急発信の事後報告が 1 件あります。", Html(await manager.GetHtmlAsync("/")));
        var confirmed = await manager.PostFormAsync($"/posts/{id}?handler=ConfirmReport", new() { ["comment"] = "了解" }, formPage: $"/posts/{id}");
        Assert.Contains("事後報告を確認しました。", Html(await manager.PageAfterAsync(confirmed)));

        var actions = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.Where(r => r.TargetId == id.ToString()).OrderBy(r => r.Seq).Select(r => r.Action).ToListAsync(Ct), await fixture.App.DemoTenantIdAsync());
        Assert.Equal(["post.created", "post.edited", "post.emergency-published", "post.publishing-started", "post.awaiting-manual", "post.emergency-reported", "post.emergency-report-confirmed"], actions);
    }

    [Fact]
    public async Task Outside_the_scope_the_path_is_refused_and_nothing_is_published()
    {
        var manager = await fixture.App.SignedInClientAsync("manager");
        var scope = await ScopeAsync(manager);
        var free = "【避難所開設】市立第一中学校に避難所を開設しました。ペット同伴は不可です。";
        var (author, id) = await DraftAsync(free);
        var refused = await author.PostFormAsync($"/posts/{id}?handler=Emergency", new(Fields(free, await BousaiAsync())) { ["version"] = "1", ["scopeId"] = scope.ToString() }, formPage: $"/posts/{id}");
        Assert.Contains("ひな形のどれにも当てはまりません", Html(await author.PageAfterAsync(refused)));

        // A finding to fix cannot be overridden on this path.
        var blocked = "【避難所開設】11月22日15時、田中一郎様（090-1234-5678）宅に避難所を開設しました。";
        var (_, id2) = await DraftAsync(blocked);
        var noOverride = await author.PostFormAsync($"/posts/{id2}?handler=Emergency", new(Fields(blocked, await BousaiAsync())) { ["version"] = "1", ["scopeId"] = scope.ToString() }, formPage: $"/posts/{id2}");
        Assert.Contains("緊急発信では指摘を覆せません", Html(await author.PageAfterAsync(noOverride)));

        // The PR office's operator is not within this scope's accounts, and cannot define scopes for 防災課's account.
        var pr = await fixture.App.SignedInClientAsync("pr");
        var notTheirs = await pr.PostFormAsync("/posts/emergency", new()
        {
            ["title"] = "x", ["accounts"] = (await BousaiAsync()).ToString(), ["kinds"] = "Disaster", ["templates"] = Template,
            ["validFrom"] = "2026-01-01", ["validTo"] = "2026-12-31",
        });
        Assert.Contains("事前承認の範囲を定められるのは", Html(await pr.PageAfterAsync(notTheirs)));
        var statuses = await fixture.App.WithDbAsync(async (db, _) => await db.Posts.Where(p => p.Id == id || p.Id == id2).Select(p => p.Status).ToListAsync(Ct), await fixture.App.DemoTenantIdAsync());
        Assert.All(statuses, s => Assert.Equal(PostStatus.Draft, s));
    }

    [Fact]
    public async Task A_guideline_without_the_rule_has_no_emergency_path()
    {
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var manager = await fixture.App.SignedInClientAsync("manager");
        var scope = await ScopeAsync(manager);
        await fixture.App.WithDbAsync(async (_, sp) => await sp.GetRequiredService<GuidelinePackService>().ChooseAsync(tenantId, "joetsu", AuditActor.System, Ct), tenantId);
        try
        {
            var text = "【避難所開設】11月22日15時、市立第一中学校に避難所を開設しました。";
            var (author, id) = await DraftAsync(text);
            Assert.DoesNotContain("保存してすぐに発信", Html(await author.GetHtmlAsync($"/posts/{id}")));
            var refused = await author.PostFormAsync($"/posts/{id}?handler=Emergency", new(Fields(text, await BousaiAsync())) { ["version"] = "1", ["scopeId"] = scope.ToString() }, formPage: $"/posts/{id}");
            Assert.Contains("即時に発信し事後に報告する定めがありません", Html(await author.PageAfterAsync(refused)));
        }
        finally
        {
            await fixture.App.WithDbAsync(async (_, sp) => await sp.GetRequiredService<GuidelinePackService>().ChooseAsync(tenantId, "musashino", AuditActor.System, Ct), tenantId);
        }
    }
}

public sealed class EmergencyPostingTestsOnSqlite(SqliteAppFixture fixture) : EmergencyPostingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class EmergencyPostingTestsOnPostgres(PostgresAppFixture fixture) : EmergencyPostingTests(fixture), IClassFixture<PostgresAppFixture>;

public sealed class CorrectionRuleTests
{
    [Theory]
    [InlineData("komae", false, true)]      // 見本第5条第2項: an error is always deleted, then republished correctly
    [InlineData("komae", true, true)]
    [InlineData("musashino", false, false)] // 2.4(1) ただし書: deleted only when the impact is serious
    [InlineData("musashino", true, true)]
    [InlineData("joetsu", false, false)]
    public void Each_guideline_says_whether_an_erroneous_post_is_deleted(string pack, bool serious, bool deleted) =>
        Assert.Equal(deleted, PostCorrections.Deletes(Koho.Packs.PackCatalog.BuiltIn.Get(pack).Approval.Corrections.ErroneousPost, serious));
}

public sealed class PlatformMediaTests
{
    [Fact]
    public void Each_platforms_image_rules_are_checked_before_approval_not_at_publishing()
    {
        PlatformMedia.Image Png(int kb) => new("image/png", kb * 1024);
        Assert.Contains("画像が1枚以上必要", Assert.Single(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Instagram, [])));
        Assert.Contains("JPEG だけ", Assert.Single(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Instagram, [Png(10)])));
        Assert.Empty(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Instagram, [new("image/jpeg", 2_000_000)]));
        Assert.Contains("1MB", Assert.Single(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Bluesky, [Png(1025)])));
        Assert.Empty(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Bluesky, [Png(1024)]));
        Assert.Single(PlatformMedia.Problems(Koho.Web.Accounts.Platform.Line, [new("image/gif", 100)]));
        Assert.Empty(PlatformMedia.Problems(Koho.Web.Accounts.Platform.X, [Png(4000)]));
    }
}
