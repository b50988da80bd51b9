using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>
/// ReadMentionsAsync on every platform that can be read (X mentions, Facebook posts tagging the Page, Instagram media
/// tagging the account, Mastodon mention notifications, Bluesky mention/reply notifications), against the fakes.
/// </summary>
public class WatchMentionsTests
{
    public static TheoryData<Network> Readable() => [Network.X, Network.Facebook, Network.Instagram, Network.Mastodon, Network.Bluesky];

    private static string Text(int i) => WatchWorld.Text(i);

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Mentions_after_since_come_back_oldest_first_with_author_text_url_and_reply_across_pages(Network network)
    {
        await using var w = await WatchWorld.StartAsync(network);
        var since = Start.AddHours(1);
        var count = 2 * w.PageSize + w.PageSize / 2;
        // Older ones first, then the window — seeded in shuffled order: the platforms order by time, not by arrival.
        for (var i = 0; i < 5; i++) w.Seed(i, since.AddSeconds(-i));
        var order = Enumerable.Range(0, count).OrderBy(i => (i * 7919) % count).ToList();
        foreach (var i in order) w.Seed(1000 + i, since.AddSeconds(1 + i), isReply: i % 3 == 0);

        var result = await w.Watch.ReadMentionsAsync(w.Connection, since, Ct);

        var ok = Assert.IsType<WatchResult<PlatformMention>.Ok>(result);
        Assert.False(ok.Truncated);
        Assert.Equal(count, ok.Items.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => since.AddSeconds(1 + i)), ok.Items.Select(m => m.PostedAt));
        foreach (var (m, i) in ok.Items.Select((m, i) => (m, i)))
        {
            var stored = w.Fake.Mentions.All.Single(p => p.Text == Text(1000 + i));
            Assert.Equal(stored.Id, m.ExternalId);
            Assert.Equal(w.ExpectedHandle(stored), m.AuthorHandle);
            Assert.Equal(w.ExpectedName(stored), m.AuthorName);
            Assert.Equal(Text(1000 + i), m.Text);
            Assert.Equal(w.ExpectedUrl(stored), m.Url);
            Assert.Equal(w.CarriesReplies && i % 3 == 0, m.IsReply);
        }
        Assert.Equal(3, w.Fake.Counters[w.MentionsOperation]); // two and a half pages
        NoSecretInUrls(w.Fake, w.Connection); // Graph writes the token into paging.next: it must not be followed
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Since_is_exclusive_and_nothing_newer_is_an_empty_list(Network network)
    {
        await using var w = await WatchWorld.StartAsync(network);
        var since = Start.AddHours(1);
        w.Seed(1, since.AddSeconds(-1));
        w.Seed(2, since);
        w.Seed(3, since.AddSeconds(1));

        var ok = Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, since, Ct));
        Assert.Equal([Text(3)], ok.Items.Select(m => m.Text));
        Assert.False(ok.Truncated);

        // The newest PostedAt as the next since: nothing is read twice.
        var again = Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, ok.Items[^1].PostedAt, Ct));
        Assert.Empty(again.Items);
        Assert.False(again.Truncated);
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task More_than_the_page_bound_is_Truncated_with_what_was_read(Network network)
    {
        await using var w = await WatchWorld.StartAsync(network);
        var since = Start;
        var readable = w.Depth ?? WatchLimits.MaxPages * w.PageSize; // X serves only its newest 800 mentions
        for (var i = 0; i < readable + 10; i++) w.Seed(i, since.AddSeconds(1 + i));

        var ok = Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, since, Ct));

        Assert.True(ok.Truncated);
        Assert.Equal(readable, ok.Items.Count);
        // What was read is the newest part, still oldest first.
        Assert.Equal(Enumerable.Range(10, readable).Select(i => since.AddSeconds(1 + i)), ok.Items.Select(m => m.PostedAt));
        Assert.True(w.Fake.Counters[w.MentionsOperation] <= WatchLimits.MaxPages);
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Throttling_is_Retry_after_the_platforms_reset_time(Network network)
    {
        var time = new ManualTimeProvider(Start);
        await using var w = await WatchWorld.StartAsync(network, time);
        w.Seed(1, Start.AddSeconds(1));
        Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct)); // Bluesky signs in first
        var reads = w.Fake.Counters[w.MentionsOperation];
        w.Fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.RateLimitNext = 1; f.RateLimitResetSeconds = 900; });

        var retry = Assert.IsType<WatchResult<PlatformMention>.Retry>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct));

        // X x-rate-limit-reset, Graph estimated_time_to_regain_access, Mastodon X-RateLimit-Reset, Bluesky ratelimit-reset.
        Assert.Equal(TimeSpan.FromSeconds(900), retry.After);
        Assert.Equal(reads + 1, w.Fake.Counters[w.MentionsOperation]); // the throttled read itself, not a sign-in
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Server_errors_and_dropped_connections_are_Retry(Network network)
    {
        await using var w = await WatchWorld.StartAsync(network);
        w.Seed(1, Start.AddSeconds(1));
        Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct));

        w.Fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.ServerErrorNext = 1; });
        Assert.IsType<WatchResult<PlatformMention>.Retry>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct));

        w.Fake.Faults.Configure(f => f.DropBeforeProcessingNext = 1);
        Assert.IsType<WatchResult<PlatformMention>.Retry>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct));

        // The faults are spent: reading works again.
        Assert.Single(Assert.IsType<WatchResult<PlatformMention>.Ok>(await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct)).Items);
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task A_failure_on_a_later_page_is_Retry_never_a_partial_list(Network network)
    {
        await using var fake = await StartAsync(network);
        using var w = new WatchWorld(fake, null, new PageFault(fake));
        for (var i = 0; i < 2 * w.PageSize; i++) w.Seed(i, Start.AddSeconds(1 + i));

        var result = await w.Watch.ReadMentionsAsync(w.Connection, Start, Ct);

        Assert.IsType<WatchResult<PlatformMention>.Retry>(result);
        Assert.Equal(2, fake.Counters[w.MentionsOperation]);
    }

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Refused_credentials_are_Failed_without_the_secret(Network network)
    {
        await using var w = await WatchWorld.StartAsync(network);
        w.Seed(1, Start.AddSeconds(1));
        var wrong = w.Fake.CreateConnectionWithWrongCredentials();

        var failed = Assert.IsType<WatchResult<PlatformMention>.Failed>(await w.Watch.ReadMentionsAsync(wrong, Start, Ct));

        // Graph answers a bad token with 400 (error 190), the others with 401.
        Assert.Equal(network is Network.Facebook or Network.Instagram ? 400 : 401, failed.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(failed.Reason));
        NoSecretIn(wrong, failed);
        NoSecretIn(w.Connection, failed);
    }

    [Fact]
    public async Task LINE_has_no_read_API_Unsupported_without_a_request()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();

        var result = await new ConnectorFactory(http).Watch(Network.Line).ReadMentionsAsync(fake.CreateConnection(), Start, Ct);

        Assert.Contains("LINE", Assert.IsType<WatchResult<PlatformMention>.Unsupported>(result).Reason);
        Assert.Equal(0, fake.Counters.Total);
    }

    [Fact]
    public void The_factory_watches_with_the_same_connector_instances_it_publishes_with()
    {
        using var http = Http();
        var factory = new ConnectorFactory(http);
        foreach (var network in Enum.GetValues<Network>())
        {
            Assert.Same(factory.For(network), factory.Watch(network));
            Assert.Equal(network, factory.Watch(network).Network);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => factory.Watch((Network)99));
    }

    /// <summary>Lets the first mentions page through, then makes the fake answer the next request with a 5xx.</summary>
    private sealed class PageFault(FakePlatformServer fake) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _pages;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (WatchWorld.IsMentionsRequest(fake.Network, request.RequestUri!) && Interlocked.Increment(ref _pages) == 1)
                fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.ServerErrorNext = 1; });
            return response;
        }
    }
}

/// <summary>One fake platform, its connector's watch side and what each platform's mentions look like.</summary>
internal sealed class WatchWorld(FakePlatformServer fake, TimeProvider? time, HttpMessageHandler? handler = null) : IAsyncDisposable, IDisposable
{
    private readonly HttpClient _http = handler is null ? Http() : new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    private IPlatformWatch? _watch;

    public static async Task<WatchWorld> StartAsync(Network network, TimeProvider? time = null) =>
        new(await TestSupport.StartAsync(network, time, new FakePlatformOptions { TimeProvider = time ?? TimeProvider.System, RateLimit = 1_000_000 }), time);

    public FakePlatformServer Fake { get; } = fake;
    /// <summary>One connector for the whole test, as the factory keeps them (Bluesky reuses its session).</summary>
    public IPlatformWatch Watch => _watch ??= new ConnectorFactory(_http, time).Watch(Fake.Network);
    public Connection Connection { get; } = fake.CreateConnection();

    /// <summary>Mentions per page as each connector asks for them.</summary>
    public int PageSize => Fake.Network switch { Network.Instagram => 50, Network.Mastodon => 80, _ => 100 };

    /// <summary>How many mentions the platform serves at most, however paged (X: its newest 800).</summary>
    public int? Depth => Fake.Network == Network.X ? 800 : null;

    public string MentionsOperation => Fake.Network switch
    {
        Network.X => "GET /2/users/:id/mentions",
        Network.Facebook => "GET tagged",
        Network.Instagram => "GET tags",
        Network.Mastodon => "GET /api/v1/notifications",
        _ => "listNotifications",
    };

    public static bool IsMentionsRequest(Network network, Uri uri) => uri.AbsolutePath.EndsWith(network switch
    {
        Network.X => "/mentions",
        Network.Facebook => "/tagged",
        Network.Instagram => "/tags",
        Network.Mastodon => "/api/v1/notifications",
        _ => "/app.bsky.notification.listNotifications",
    }, StringComparison.Ordinal);

    /// <summary>Tags (Facebook, Instagram) are never replies.</summary>
    public bool CarriesReplies => Fake.Network is Network.X or Network.Mastodon or Network.Bluesky;

    /// <summary>An author handle as the platform has them (Bluesky: a domain; Mastodon: a remote account).</summary>
    public string Handle(int i) => Fake.Network switch
    {
        Network.Bluesky => $"citizen{i}.bsky.social",
        Network.Mastodon => $"citizen{i}@mstdn.example",
        _ => $"citizen_{i}",
    };

    /// <summary>A mention the platforms can all carry: "&amp;" and "&lt;…&gt;" (X escapes them, Mastodon renders HTML) and a line break.</summary>
    public static string Text(int i) => $"@koho_test 駅前の街灯が消えています & 危険です <第{i}報>\n写真は後ほど";

    public FakePost Seed(int i, DateTimeOffset at, bool isReply = false) =>
        Fake.SeedMention(Handle(i), i % 2 == 0 ? $"市民 {i}" : null, Text(i), at, isReply);

    public string ExpectedHandle(FakePost p) => Fake.Network == Network.Facebook ? (string)p.Data!["fromId"]! : (string)p.Data!["authorHandle"]!;

    public string? ExpectedName(FakePost p) => Fake.Network switch
    {
        Network.Instagram => null, // the tags edge gives the owner's username only
        Network.Facebook or Network.X => (string?)p.Data!["authorName"] ?? (string)p.Data["authorHandle"]!, // every account there has a name
        _ => (string?)p.Data!["authorName"],
    };

    public string ExpectedUrl(FakePost p)
    {
        var handle = (string)p.Data!["authorHandle"]!;
        return Fake.Network switch
        {
            Network.X => $"https://x.com/{handle}/status/{p.Id}",
            Network.Facebook => $"https://www.facebook.com/{(string)p.Data["fromId"]!}/posts/{p.Id.Split('_')[1]}",
            Network.Instagram => Assert.Single(new[] { (string)p.Data["permalink"]! }, u => u.StartsWith("https://www.instagram.com/p/", StringComparison.Ordinal)),
            Network.Mastodon => $"https://mstdn.example/@{handle.Split('@')[0]}/{p.Id}",
            _ => $"https://bsky.app/profile/{handle}/post/{p.Id.Split('/')[^1]}",
        };
    }

    public void Dispose() => _http.Dispose();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Fake.DisposeAsync();
    }
}
