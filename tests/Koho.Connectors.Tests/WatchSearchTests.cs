using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>
/// SearchAccountsAsync, for finding accounts that imitate the municipality's: the platforms with an account search
/// (X, Mastodon, Bluesky) against their fakes, and the honest Unsupported of the others.
/// </summary>
public class WatchSearchTests
{
    public static TheoryData<Network> Searchable() => [Network.X, Network.Mastodon, Network.Bluesky];

    /// <summary>A handle as the platform writes them (Bluesky handles are domain names; Mastodon's may be remote).</summary>
    private static string Handle(Network network, string name) => network switch
    {
        Network.Bluesky => name.Replace('_', '-') + ".bsky.social",
        Network.Mastodon when name.EndsWith("0fficial", StringComparison.Ordinal) => name + "@mstdn.example",
        _ => name,
    };

    private static string ExpectedUrl(Network network, FakePlatformServer fake, string handle) => network switch
    {
        Network.X => "https://x.com/" + handle,
        Network.Bluesky => "https://bsky.app/profile/" + handle,
        _ => handle.Contains('@')
            ? $"https://{handle.Split('@')[1]}/@{handle.Split('@')[0]}"
            : fake.RootUrl.AbsoluteUri + "@" + handle,
    };

    private static async Task<(FakePlatformServer Fake, IPlatformWatch Watch, HttpClient Http)> StartAsync(Network network, TimeProvider? time = null)
    {
        var fake = await TestSupport.StartAsync(network, time);
        var http = Http();
        return (fake, new ConnectorFactory(http, time).Watch(network), http);
    }

    [Theory]
    [MemberData(nameof(Searchable))]
    public async Task Lookalike_handles_and_names_are_found_and_unrelated_accounts_are_not(Network network)
    {
        var (fake, watch, http) = await StartAsync(network);
        await using var _ = fake;
        using var __ = http;
        var official = fake.SeedProfile(Handle(network, "musashino_city"), "武蔵野市（公式）");
        var zero = fake.SeedProfile(Handle(network, "musashino_city_0fficial"), "武蔵野市 公式");
        var upper = fake.SeedProfile(Handle(network, "MUSASHINO_koho"), null);
        var byName = fake.SeedProfile(Handle(network, "city_news_jp"), "Musashino City News");
        fake.SeedProfile(Handle(network, "tokyo_metro"), "東京メトロ");

        var ok = Assert.IsType<WatchResult<PlatformProfile>.Ok>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 20, Ct));

        Assert.False(ok.Truncated);
        Assert.Equal([official.Handle, zero.Handle, upper.Handle, byName.Handle], ok.Items.Select(p => p.Handle));
        var found = ok.Items[1];
        Assert.Equal(zero.Id, found.ExternalId);
        Assert.Equal("武蔵野市 公式", found.DisplayName);
        Assert.Equal(ExpectedUrl(network, fake, zero.Handle), found.Url);
        Assert.Equal(network == Network.X ? upper.Handle : null, ok.Items[2].DisplayName); // no name given: none (on X every account has one)

        // A display name in Japanese is searched too.
        var japanese = Assert.IsType<WatchResult<PlatformProfile>.Ok>(await watch.SearchAccountsAsync(fake.CreateConnection(), "武蔵野市", 20, Ct));
        Assert.Equal([official.Handle, zero.Handle], japanese.Items.Select(p => p.Handle));
        NoSecretInUrls(fake, fake.CreateConnection());
    }

    [Theory]
    [MemberData(nameof(Searchable))]
    public async Task At_most_limit_accounts_Truncated_when_more_match_and_paged_up_to_the_limit(Network network)
    {
        var (fake, watch, http) = await StartAsync(network);
        await using var _ = fake;
        using var __ = http;
        for (var i = 0; i < 130; i++) fake.SeedProfile(Handle(network, $"musashino_fan{i:D3}"), $"武蔵野ファン {i}");

        var few = Assert.IsType<WatchResult<PlatformProfile>.Ok>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 10, Ct));
        Assert.Equal(10, few.Items.Count);
        Assert.True(few.Truncated);

        // More than one page of the platform (Mastodon 40, Bluesky 100 a page; X takes up to 1,000 at once).
        var all = Assert.IsType<WatchResult<PlatformProfile>.Ok>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 200, Ct));
        Assert.Equal(Enumerable.Range(0, 130).Select(i => Handle(network, $"musashino_fan{i:D3}")), all.Items.Select(p => p.Handle));
        Assert.False(all.Truncated);
    }

    [Theory]
    [MemberData(nameof(Searchable))]
    public async Task Throttling_is_Retry_with_the_reset_time_and_refused_credentials_are_Failed_without_the_secret(Network network)
    {
        var time = new ManualTimeProvider(Start);
        var (fake, watch, http) = await StartAsync(network, time);
        await using var _ = fake;
        using var __ = http;
        fake.SeedProfile(Handle(network, "musashino_city_0fficial"));

        var wrong = fake.CreateConnectionWithWrongCredentials();
        var failed = Assert.IsType<WatchResult<PlatformProfile>.Failed>(await watch.SearchAccountsAsync(wrong, "musashino", 10, Ct));
        Assert.Equal(401, failed.StatusCode);
        NoSecretIn(wrong, failed);

        Assert.Single(Assert.IsType<WatchResult<PlatformProfile>.Ok>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 10, Ct)).Items);
        fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.RateLimitNext = 1; f.RateLimitResetSeconds = 600; });
        var retry = Assert.IsType<WatchResult<PlatformProfile>.Retry>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 10, Ct));
        Assert.Equal(TimeSpan.FromSeconds(600), retry.After);

        time.Advance(TimeSpan.FromSeconds(600));
        fake.Faults.Configure(f => f.ServerErrorNext = 1);
        Assert.IsType<WatchResult<PlatformProfile>.Retry>(await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 10, Ct));
    }

    [Theory]
    [InlineData(Network.Facebook)]
    [InlineData(Network.Instagram)]
    [InlineData(Network.Line)]
    public async Task Platforms_without_an_account_search_are_Unsupported_without_a_request(Network network)
    {
        var (fake, watch, http) = await StartAsync(network);
        await using var _ = fake;
        using var __ = http;

        var result = await watch.SearchAccountsAsync(fake.CreateConnection(), "musashino", 10, Ct);

        var unsupported = Assert.IsType<WatchResult<PlatformProfile>.Unsupported>(result);
        Assert.Contains(network == Network.Line ? "LINE" : network.ToString(), unsupported.Reason);
        Assert.Equal(0, fake.Counters.Total);
    }

    [Fact]
    public async Task An_empty_query_or_a_limit_below_one_is_a_caller_error()
    {
        using var http = Http();
        var c = new Connection(new Uri("http://127.0.0.1:9/"), "1", new Dictionary<string, string>());
        foreach (var network in Enum.GetValues<Network>())
        {
            var watch = new ConnectorFactory(http).Watch(network);
            await Assert.ThrowsAnyAsync<ArgumentException>(() => watch.SearchAccountsAsync(c, " ", 10, Ct));
            await Assert.ThrowsAnyAsync<ArgumentException>(() => watch.SearchAccountsAsync(c, "musashino", 0, Ct));
        }
    }
}
