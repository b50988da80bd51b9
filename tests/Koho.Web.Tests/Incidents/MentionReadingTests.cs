using Koho.Connectors;
using Koho.FakePlatforms;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Posts.Publishing;
using Koho.Web.Tests.Testing;
using Koho.Web.Watch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Incidents;

/// <summary>
/// The watch reads mentions through the connectors' read APIs (here the Mastodon fake, validated against the platform's
/// contract): each stored once, the cursor moves on; the platform's account search finds an impostor of the register.
/// </summary>
public abstract class MentionReadingTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mentions_are_read_from_the_platform_once_and_a_lookalike_found_by_search_becomes_a_candidate()
    {
        await using var fake = await FakePlatform.StartAsync(Network.Mastodon, ct: Ct);
        var tenantId = await fixture.App.DemoTenantIdAsync();
        var handle = $"musashino_watch_{Guid.NewGuid():N}"[..24];
        var accountId = await ConnectedAccountAsync(tenantId, fake, Platform.Mastodon, "武蔵野市防災 Mastodon（監視テスト）", $"@{handle}@mstdn.example", $"https://mstdn.example/@{handle}");
        var now = DateTimeOffset.UtcNow;
        fake.SeedMention("resident_a@mstdn.example", "市民A", "給水車はどこに来ますか？", now.AddMinutes(-30));
        fake.SeedMention("resident_b@mstdn.example", "市民B", "停電の情報をお願いします", now.AddMinutes(-20), isReply: true);
        fake.SeedProfile($"{handle.Replace("o", "0")}@mstdn.example", "武蔵野市防災（公式）");

        // A Facebook page too: Facebook has no account search, which the watch page says (impostors are not looked for there).
        await using var facebook = await FakePlatform.StartAsync(Network.Facebook, ct: Ct);
        var facebookAccount = await ConnectedAccountAsync(tenantId, facebook, Platform.Facebook, "武蔵野市防災 Facebook（監視テスト）", $"fb_{handle}", $"https://www.facebook.com/fb_{handle}");

        var reader = fixture.App.Services.GetRequiredService<MentionReader>();
        Assert.Equal(2, await reader.ReadTenantAsync(tenantId, Ct));
        var cursors = await fixture.App.WithDbAsync(async (db, _) => await db.WatchCursors.AsNoTracking().ToDictionaryAsync(c => c.AccountId, Ct), tenantId);
        Assert.Null(cursors[accountId].LastSearchError);
        Assert.False(string.IsNullOrEmpty(cursors[facebookAccount].LastSearchError));
        var pr = await fixture.App.SignedInClientAsync("pr");
        Assert.Contains("なりすましの検索", System.Net.WebUtility.HtmlDecode(await pr.GetHtmlAsync("/watch")));
        var stored = await fixture.App.WithDbAsync(async (db, _) => await db.Mentions.AsNoTracking().Where(m => m.AccountId == accountId).OrderBy(m => m.PostedAt).ToListAsync(Ct), tenantId);
        Assert.Equal(["給水車はどこに来ますか？", "停電の情報をお願いします"], stored.Select(m => m.Text));
        Assert.Equal([false, true], stored.Select(m => m.IsReply));
        Assert.All(stored, m => Assert.Equal(MentionSource.Api, m.Source));

        // Read again at once: not due yet; when due, nothing new is stored twice.
        Assert.Equal(0, await reader.ReadTenantAsync(tenantId, Ct));
        await fixture.App.WithDbAsync(async (db, _) =>
            await db.WatchCursors.Where(c => c.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(c => c.NextReadAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct), tenantId);
        fake.SeedMention("resident_c@mstdn.example", null, "ありがとうございました", DateTimeOffset.UtcNow.AddSeconds(-5));
        Assert.Equal(1, await reader.ReadTenantAsync(tenantId, Ct));

        var candidate = await fixture.App.WithDbAsync(async (db, _) =>
            await db.WatchAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Kind == WatchAlertKind.ImpersonationCandidate && a.AccountId == accountId, Ct), tenantId);
        Assert.NotNull(candidate);
        Assert.Equal($"{handle.Replace("o", "0")}@mstdn.example", candidate.Handle.TrimStart('@'));
    }

    /// <summary>An operating account of 防災課 with its API connection pointing at a fake platform.</summary>
    private Task<Guid> ConnectedAccountAsync(Guid tenantId, FakePlatformServer fake, Platform platform, string name, string handle, string url) =>
        fixture.App.WithDbAsync(async (db, sp) =>
        {
            var dept = await db.Departments.FirstAsync(d => d.Name == "防災課", Ct);
            var account = new OfficialAccount
            {
                Id = Guid.NewGuid(), TenantId = tenantId, DepartmentId = dept.Id, Name = name, Platform = platform, Handle = handle, Url = url,
                Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.OfficialAccounts.Add(account);
            await db.SaveChangesAsync(Ct);
            await FakeConnections.ConnectAsync(sp, tenantId, account.Id, fake, Ct);
            return account.Id;
        }, tenantId);
}

public sealed class MentionReadingTestsOnSqlite(SqliteAppFixture fixture) : MentionReadingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class MentionReadingTestsOnPostgres(PostgresAppFixture fixture) : MentionReadingTests(fixture), IClassFixture<PostgresAppFixture>;
