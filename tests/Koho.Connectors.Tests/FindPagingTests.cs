using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>
/// FindAsync on the platforms read back through the account's timeline (X, Facebook, Instagram, Mastodon), when the
/// account has published far more than one page since the post in question — Koho itself publishing hundreds of
/// scheduled posts in a minute during a disaster. NotFound makes the caller publish again, so it must only come
/// after every post of the window has been read; too many to read is Unknown.
/// </summary>
public class FindPagingTests
{
    public static TheoryData<Network> Timelines() => [Network.X, Network.Facebook, Network.Instagram, Network.Mastodon];

    [Theory]
    [MemberData(nameof(Timelines))]
    public async Task A_lost_post_more_than_two_pages_down_is_Found(Network network)
    {
        await using var w = await World.StartAsync(network);
        var count = 2 * w.PageSize + w.PageSize / 2; // two pages and a half: X and Facebook 250, Instagram 125, Mastodon 100
        PublishRequest? target = null;
        for (var i = 0; i < count; i++)
        {
            if (i == 2)
            {
                // The third post's answer is lost: it is stored, the connector cannot tell.
                w.Fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
                target = w.Request($"臨時のお知らせ 第{i}報", w.FirstAttemptOfAnAmbiguousPublish());
                Assert.IsType<PublishResult.Ambiguous>(await w.Connector.PublishAsync(target, Ct));
            }
            else Assert.IsType<PublishResult.Published>(await w.PublishAsync($"臨時のお知らせ 第{i}報"));
            w.Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(count, w.Fake.Posts.All.Count);

        var found = Assert.IsType<FindResult.Found>(await w.Connector.FindAsync(target!, Ct));

        Assert.Equal(w.Fake.Posts.All[2].Id, found.ExternalId);
        Assert.Equal(3, w.Pages); // the target is the (count − 2)th newest: on the third page
        NoSecretInUrls(w.Fake, w.Connection); // Graph writes the token into paging.next: the connector must not follow it
    }

    [Theory]
    [MemberData(nameof(Timelines))]
    public async Task A_post_that_never_arrived_is_NotFound_only_after_every_page_of_the_window(Network network)
    {
        await using var w = await World.StartAsync(network);
        var count = 2 * w.PageSize + w.PageSize / 2;
        PublishRequest? target = null;
        for (var i = 0; i < count; i++)
        {
            if (i == 2)
            {
                // The third post's request is dropped before the platform acts on it: nothing is stored.
                w.Fake.Faults.Configure(f => f.DropBeforeProcessingNext = 1);
                target = w.Request($"臨時のお知らせ 第{i}報", w.FirstAttemptOfAnAmbiguousPublish());
                Assert.IsType<PublishResult.Ambiguous>(await w.Connector.PublishAsync(target, Ct));
            }
            else Assert.IsType<PublishResult.Published>(await w.PublishAsync($"臨時のお知らせ 第{i}報"));
            w.Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(count - 1, w.Fake.Posts.All.Count);

        Assert.IsType<FindResult.NotFound>(await w.Connector.FindAsync(target!, Ct));

        Assert.Equal(w.PagesToReadAll(count - 1), w.Pages);
        Assert.All(w.Fake.Counters.Log.Where(r => r.Operation == w.TimelineOperation), r => Assert.Equal(200, r.Status));
    }

    [Theory]
    [MemberData(nameof(Timelines))]
    public async Task Posts_older_than_the_window_are_not_read(Network network)
    {
        await using var w = await World.StartAsync(network);
        // A long history: 1,000 posts hours before the one in question…
        for (var i = 0; i < 1000; i++) w.Fake.Seed($"過去のお知らせ {i}", Start.AddHours(-3).AddSeconds(i));
        // …then a page and a bit within the window.
        var recent = w.PageSize + 20;
        for (var i = 0; i < recent; i++)
        {
            Assert.IsType<PublishResult.Published>(await w.PublishAsync($"臨時のお知らせ 第{i}報"));
            w.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.IsType<FindResult.NotFound>(await w.Connector.FindAsync(w.Request("届いていないお知らせ", Start), Ct));
        // Two pages hold the window (X and Instagram filter by time; Facebook and Mastodon stop at the page that
        // reaches past it) — not the eleven and more that the whole history takes.
        Assert.Equal(2, w.Pages);

        // A post of the same text long before the window is not the one looked for, and is not read either.
        Assert.IsType<FindResult.NotFound>(await w.Connector.FindAsync(w.Request("過去のお知らせ 999", Start), Ct));
        Assert.Equal(4, w.Pages);
    }

    [Theory]
    [InlineData(Network.Facebook)]
    [InlineData(Network.Instagram)]
    [InlineData(Network.Mastodon)]
    public async Task More_of_the_window_than_the_page_bound_is_Unknown_not_NotFound(Network network)
    {
        await using var w = await World.StartAsync(network);
        var inWindow = 50 * w.PageSize + 1; // one more than 50 pages hold
        for (var i = 0; i < inWindow; i++) w.Fake.Seed($"臨時のお知らせ 第{i}報", Start.AddMilliseconds(10 * i));

        var unknown = Assert.IsType<FindResult.Unknown>(await w.Connector.FindAsync(w.Request("届いていないお知らせ", Start), Ct));

        Assert.Contains("確認しきれませんでした", unknown.Reason);
        Assert.Equal(50, w.Pages);
    }

    [Fact]
    public async Task X_beyond_the_3200_posts_X_serves_is_Unknown_not_NotFound()
    {
        await using var w = await World.StartAsync(Network.X);
        for (var i = 0; i < 3300; i++) w.Fake.Seed($"臨時のお知らせ 第{i}報", Start.AddMilliseconds(10 * i));

        var unknown = Assert.IsType<FindResult.Unknown>(await w.Connector.FindAsync(w.Request("届いていないお知らせ", Start), Ct));

        Assert.Contains("確認しきれませんでした", unknown.Reason);
        Assert.Equal(32, w.Pages); // 3,200 at 100 a page, and then X gives no next_token
    }

    [Fact]
    public async Task X_a_window_of_exactly_the_3200_posts_X_serves_is_still_Unknown_but_a_smaller_one_is_read_to_the_end()
    {
        await using var w = await World.StartAsync(Network.X);
        for (var i = 0; i < 3199; i++) w.Fake.Seed($"臨時のお知らせ 第{i}報", Start.AddMilliseconds(10 * i));
        var target = w.Request("最後のお知らせ", Start);

        Assert.IsType<FindResult.NotFound>(await w.Connector.FindAsync(target, Ct));
        Assert.Equal(32, w.Pages);

        // One more and the timeline may have been cut short: X cannot say whether older posts of the window exist.
        w.Fake.Seed("別のお知らせ", Start.AddMinutes(1));
        Assert.IsType<FindResult.Unknown>(await w.Connector.FindAsync(target, Ct));
    }

    /// <summary>One fake platform and its connector on a test clock, with a rate limit no test reaches.</summary>
    private sealed class World : IAsyncDisposable
    {
        public required ManualTimeProvider Time { get; init; }
        public required FakePlatformServer Fake { get; init; }
        public required HttpClient Http { get; init; }
        public required IPlatformConnector Connector { get; init; }
        public Connection Connection => Fake.CreateConnection();

        public static async Task<World> StartAsync(Network network)
        {
            var time = new ManualTimeProvider(Start);
            var fake = await FakePlatform.StartAsync(network, new FakePlatformOptions { TimeProvider = time, RateLimit = 1_000_000 }, Ct);
            var http = Http();
            IPlatformConnector connector = network switch
            {
                Network.X => new XConnector(http, time),
                Network.Facebook => new FacebookConnector(http, time),
                Network.Instagram => new InstagramConnector(http, time),
                Network.Mastodon => new MastodonConnector(http, time),
                _ => throw new ArgumentOutOfRangeException(nameof(network)),
            };
            return new World { Time = time, Fake = fake, Http = http, Connector = connector };
        }

        /// <summary>The connector's page size.</summary>
        public int PageSize => Fake.Network switch
        {
            Network.Instagram => 50,
            Network.Mastodon => 40,
            _ => 100,
        };

        /// <summary>The fake's name for a timeline page request.</summary>
        public string TimelineOperation => Fake.Network switch
        {
            Network.X => "GET /2/users/:id/tweets",
            Network.Facebook => "GET published_posts",
            Network.Instagram => "GET media",
            _ => "GET /api/v1/accounts/:id/statuses",
        };

        /// <summary>Timeline pages the fake has served.</summary>
        public int Pages => Fake.Counters[TimelineOperation];

        /// <summary>
        /// Pages read to learn that <paramref name="posts"/> posts are all there is. X and Graph say so on the last
        /// page (no next_token / paging.next); Mastodon only by an empty page, because a short page can hide more.
        /// </summary>
        public int PagesToReadAll(int posts) =>
            (posts + PageSize - 1) / PageSize + (Fake.Network == Network.Mastodon ? 1 : 0);

        /// <summary>
        /// When the first attempt of a publish whose answer is lost was made: now — except on Mastodon, whose
        /// Idempotency-Key makes a lost answer a safe Retry for 55 minutes; only an attempt older than that is
        /// Ambiguous and reconciled by reading back.
        /// </summary>
        public DateTimeOffset FirstAttemptOfAnAmbiguousPublish() =>
            Fake.Network == Network.Mastodon ? Time.GetUtcNow().AddMinutes(-56) : Time.GetUtcNow();

        public PublishRequest Request(string text, DateTimeOffset createdAt) =>
            TestSupport.Request(Connection, text, Fake.Network == Network.Instagram ? [Image()] : null, createdAt);

        public Task<PublishResult> PublishAsync(string text) => Connector.PublishAsync(Request(text, Time.GetUtcNow()), Ct);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Fake.DisposeAsync();
        }
    }
}
