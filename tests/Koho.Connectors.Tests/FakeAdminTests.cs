using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>The fakes as another process sees them: only a URL, the admin API and the connectors.</summary>
public class FakeAdminTests
{
    [Fact]
    public async Task A_test_with_only_the_URL_can_inject_faults_and_read_posts()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();
        var admin = new AdminClient(http, fake.BaseUrl); // under /v21.0: the admin API answers there too

        var faults = await admin.ConfigureFaultsAsync(new { dropAfterProcessingNext = 1 }, Ct);
        Assert.Equal(1, faults.DropAfterProcessingNext);
        var fb = new FacebookConnector(http);
        var request = Request(fake.CreateConnection(), "管理 API 経由の障害");
        Assert.IsType<PublishResult.Ambiguous>(await fb.PublishAsync(request, Ct));

        var post = Assert.Single(await admin.PostsAsync(Ct));
        Assert.Equal("管理 API 経由の障害", post.Text);
        Assert.Equal(1, (int)(await admin.CountersAsync(Ct))["operations"]!["POST feed"]!);

        await admin.ResetAsync(Ct);
        Assert.Empty(await admin.PostsAsync(Ct));
        Assert.Equal(0, (await admin.ConfigureFaultsAsync(new { }, Ct)).DropAfterProcessingNext);
    }

    [Fact]
    public async Task Unknown_fault_settings_are_refused()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();

        await Assert.ThrowsAsync<HttpRequestException>(() => new AdminClient(http, fake.RootUrl).ConfigureFaultsAsync(new { dropEverything = true }, Ct));
    }

    /// <summary>
    /// Random faults (seeded, so a failure replays) against the platforms whose key makes resending safe: every
    /// post ends up published exactly once however the faults fall.
    /// </summary>
    [Theory]
    [InlineData(Network.Line, 1)]
    [InlineData(Network.Mastodon, 12)]
    [InlineData(Network.Bluesky, 13)]
    public async Task Under_random_faults_keyed_platforms_publish_each_post_exactly_once(Network network, int seed)
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(network, time);
        fake.Faults.Configure(f => { f.RandomFaultRate = 0.4; f.RandomSeed = seed; f.RateLimitResetSeconds = 1; });
        using var http = Http();
        var connector = new ConnectorFactory(http, time).For(network);
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 30, BaseDelay: TimeSpan.FromSeconds(1)), time);
        var requests = Enumerable.Range(0, 20)
            .Select(i => Request(fake.CreateConnection(), $"お知らせ第{i}号", createdAt: Start, key: new Guid(i, 0, 0, new byte[8]))).ToList();

        foreach (var request in requests)
        {
            var result = await pipeline.PublishAsync(connector, request, Ct);
            Assert.True(result is PublishResult.Published, $"{request.Text}: {result}");
        }

        Assert.Equal(requests.Select(r => r.Text).Order(), fake.Posts.All.Select(p => p.Text).Order());
        var injected = fake.Counters.Log.Select(l => l.Fault).ToHashSet();
        Assert.Superset(new HashSet<FaultKind> { FaultKind.RateLimit, FaultKind.ServerError, FaultKind.DropBefore, FaultKind.DropAfter }, injected); // the seed hit every kind
    }
}
