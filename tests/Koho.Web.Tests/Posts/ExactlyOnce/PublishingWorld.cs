using Koho.Connectors;
using Koho.FakePlatforms;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Posts;
using Koho.Web.Posts.Publishing;
using Koho.Web.Tests.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Posts.ExactlyOnce;

/// <summary>
/// A municipality with one connected account on each of five fake platforms and many approved posts coming due —
/// prepared straight in the database, for Koho processes started afterwards to publish.
/// </summary>
public sealed class PublishingWorld : IAsyncDisposable
{
    public required TestDatabase Database { get; init; }
    public required ServiceProvider Services { get; init; }
    public required Guid TenantId { get; init; }
    public required List<FakePlatformServer> Fakes { get; init; }
    public required List<string> Texts { get; init; }

    public static readonly Network[] Networks = [Network.X, Network.Facebook, Network.Line, Network.Mastodon, Network.Bluesky];

    public static async Task<PublishingWorld> CreateAsync(DatabaseKind kind, int posts, TimeSpan dueOver, double randomFaultRate, CancellationToken ct)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var services = TestServices.Build(database);
        await services.MigrateKohoDatabaseAsync(ct);
        var fakes = new List<FakePlatformServer>();
        foreach (var n in Networks)
        {
            var fake = await FakePlatform.StartAsync(n, new FakePlatformOptions { RateLimit = 1_000_000 }, ct);
            fake.Faults.Configure(f => { f.RandomFaultRate = randomFaultRate; f.RandomSeed = 20261122 + (int)n; f.RateLimitResetSeconds = 2; });
            fakes.Add(fake);
        }
        var actor = new AuditActor(null, "test-setup");
        Guid tenantId;
        var texts = new List<string>();
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var org = sp.GetRequiredService<OrganizationService>();
            var tenant = (await org.CreateTenantAsync("132039", "武蔵野市", actor, ct)).Value!;
            tenantId = tenant.Id;
            sp.GetRequiredService<TenantContext>().Use(tenantId);
            var dept = (await org.CreateDepartmentAsync(tenantId, "防災課", null, actor, ct)).Value!;
            var admin = (await org.CreateUserAsync(tenantId, new NewUser("admin", "管理 七海", null, dept.Id, [KohoRoles.Administrator], "Koho-admin-2026!"), actor, ct)).Value!;
            var db = sp.GetRequiredService<KohoDbContext>();
            var vault = new CredentialVault(db, sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System,
                Microsoft.Extensions.Options.Options.Create(new PublishingOptions { AllowLoopbackApis = true }));
            var accounts = new List<OfficialAccount>();
            foreach (var fake in fakes)
            {
                var platform = Enum.Parse<Platform>(fake.Network.ToString());
                var account = new OfficialAccount
                {
                    Id = Guid.NewGuid(), TenantId = tenantId, DepartmentId = dept.Id, Name = $"武蔵野市防災{platform}", Platform = platform,
                    Handle = $"bousai_{platform}".ToLowerInvariant(), Url = $"https://example.jp/{platform}", Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
                };
                db.OfficialAccounts.Add(account);
                await db.SaveChangesAsync(ct);
                var c = fake.CreateConnection();
                var set = await vault.SetAsync(tenantId, account.Id, c.AccountId, fake.BaseUrl.ToString(), c.Secrets.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), actor, ct);
                Assert.True(set.Succeeded, string.Join(" / ", set.Errors));
                accounts.Add(account);
            }
            var start = DateTimeOffset.UtcNow.AddSeconds(3);
            for (var i = 0; i < posts; i++)
            {
                var account = accounts[i % accounts.Count];
                var text = $"【防災訓練 {i:D4}】{account.Name}から訓練の情報をお知らせします。集合場所は第{i % 17 + 1}避難所です。";
                texts.Add(text);
                var post = new Post
                {
                    Id = Guid.NewGuid(), TenantId = tenantId, AuthorId = admin.Id, AuthorName = "管理 七海", Text = text, Kind = PostKind.Disaster,
                    ScheduledAt = start + dueOver * i / posts, Status = PostStatus.Approved, Version = 1, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                    ApprovedByName = "山田 太郎（防災課長）", ApprovedAt = DateTimeOffset.UtcNow, ApprovedVersion = 1, PackReference = "musashino@builtin",
                };
                db.Posts.Add(post);
                db.PostTargets.Add(new PostTarget { Id = Guid.NewGuid(), TenantId = tenantId, PostId = post.Id, AccountId = account.Id, Platform = account.Platform,
                    Status = TargetStatus.Pending, IdempotencyKey = Guid.NewGuid() });
                if (i % 200 == 199) await db.SaveChangesAsync(ct);
            }
            await db.SaveChangesAsync(ct);
        }
        return new PublishingWorld { Database = database, Services = services, TenantId = tenantId, Fakes = fakes, Texts = texts };
    }

    public async Task<Dictionary<TargetStatus, int>> TargetsAsync(CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        return await db.PostTargets.GroupBy(t => t.Status).ToDictionaryAsync(g => g.Key, g => g.Count(), ct);
    }

    public async Task<List<(string Node, AttemptOutcome Outcome, bool Finished)>> AttemptsAsync(CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        return (await db.PublishAttempts.Select(a => new { a.Node, a.Outcome, a.FinishedAt }).ToListAsync(ct))
            .Select(a => (a.Node, a.Outcome, a.FinishedAt != null)).ToList();
    }

    public async Task<List<string>> UnpublishedAsync(CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(TenantId);
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var targets = await db.PostTargets.Where(t => t.Status != TargetStatus.Published).ToListAsync(ct);
        var list = new List<string>();
        foreach (var t in targets)
        {
            var attempts = await db.PublishAttempts.Where(a => a.TargetId == t.Id).OrderBy(a => a.Number).ToListAsync(ct);
            list.Add($"{t.Platform} {t.Status} {t.LastError} :: " + string.Join(" | ", attempts.Select(a => $"{a.Number}@{a.Node} {a.Outcome} {a.Detail}")));
        }
        return list;
    }

    /// <summary>How many times each post's text is on the platforms now (deleted ones not counted).</summary>
    public Dictionary<string, int> PublishedCounts()
    {
        var counts = Texts.ToDictionary(t => t, _ => 0);
        foreach (var post in Fakes.SelectMany(f => f.Posts.Active))
            foreach (var text in Texts.Where(t => post.Text.Contains(t[..12], StringComparison.Ordinal)))
                counts[text]++;
        return counts;
    }

    public async Task<bool> AllSettledAsync(CancellationToken ct)
    {
        var t = await TargetsAsync(ct);
        return t.Where(kv => kv.Key is not (TargetStatus.Published or TargetStatus.Failed)).Sum(kv => kv.Value) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var f in Fakes) await f.DisposeAsync();
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
