using System.Diagnostics;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class PublishResilienceTests
{
    /// <summary>Answers from a script, counting calls.</summary>
    private sealed class ScriptedConnector(params PublishResult[] script) : IPlatformConnector
    {
        public int Calls { get; private set; }
        public Network Network => Network.X;
        public Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct) => Task.FromResult(script[Math.Min(Calls++, script.Length - 1)]);
        public Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct) => throw new NotSupportedException();
        public Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct) => throw new NotSupportedException();
    }

    private static readonly PublishRequest AnyRequest =
        Request(new Connection(new Uri("http://127.0.0.1:9/"), "1", new Dictionary<string, string>()), "text");

    [Fact]
    public async Task Waits_as_long_as_the_platform_asked()
    {
        var time = new ManualTimeProvider(Start);
        var connector = new ScriptedConnector(new PublishResult.Retry(TimeSpan.FromSeconds(37), "429"), new PublishResult.Published("1", null));
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 3), time);

        var result = await pipeline.PublishAsync(connector, AnyRequest, Ct);

        Assert.IsType<PublishResult.Published>(result);
        Assert.Equal([TimeSpan.FromSeconds(37)], time.Delays);
        Assert.Equal(2, connector.Calls);
    }

    [Fact]
    public async Task Gives_up_after_N_attempts_with_growing_backoff_and_returns_the_last_Retry()
    {
        var time = new ManualTimeProvider(Start);
        var connector = new ScriptedConnector(new PublishResult.Retry(null, "503"));
        var retries = new List<(int Attempt, TimeSpan Delay)>();
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(
            MaxAttempts: 4, BaseDelay: TimeSpan.FromSeconds(2), MaxDelay: TimeSpan.FromMinutes(1),
            OnRetry: (attempt, _, delay) => { retries.Add((attempt, delay)); return ValueTask.CompletedTask; },
            Randomizer: () => 0.5), time);

        var result = await pipeline.PublishAsync(connector, AnyRequest, Ct);

        Assert.Equal("503", Assert.IsType<PublishResult.Retry>(result).Reason);
        Assert.Equal(4, connector.Calls);
        Assert.Equal(3, time.Delays.Count);
        Assert.True(time.Delays[0] < time.Delays[1] && time.Delays[1] < time.Delays[2], string.Join(", ", time.Delays));
        Assert.All(time.Delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Equal([1, 2, 3], retries.Select(r => r.Attempt));
    }

    [Fact]
    public async Task A_wait_longer_than_the_cap_is_returned_to_the_caller_to_reschedule()
    {
        var time = new ManualTimeProvider(Start);
        var connector = new ScriptedConnector(new PublishResult.Retry(TimeSpan.FromMinutes(15), "429"), new PublishResult.Published("1", null));
        var pipeline = PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 5, MaxDelay: TimeSpan.FromMinutes(2)), time);

        var result = await pipeline.PublishAsync(connector, AnyRequest, Ct);

        Assert.Equal(TimeSpan.FromMinutes(15), Assert.IsType<PublishResult.Retry>(result).After);
        Assert.Equal(1, connector.Calls);
        Assert.Empty(time.Delays);
    }

    [Theory]
    [InlineData("ambiguous")]
    [InlineData("failed")]
    public async Task Only_Retry_is_retried(string kind)
    {
        var time = new ManualTimeProvider(Start);
        PublishResult answer = kind == "ambiguous" ? new PublishResult.Ambiguous("timeout") : new PublishResult.Failed("401", 401);
        var connector = new ScriptedConnector(answer, new PublishResult.Published("1", null));

        var result = await PublishResilience.Create(null, time).PublishAsync(connector, AnyRequest, Ct);

        Assert.Equal(answer, result);
        Assert.Equal(1, connector.Calls);
    }

    [Fact]
    public async Task With_a_real_connector_and_fake_a_rate_limited_post_goes_out_after_the_reset()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.X, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 20; });
        using var http = Http();
        var stopwatch = Stopwatch.StartNew();

        var result = await PublishResilience.Create(new PublishResilienceOptions(MaxAttempts: 3), time)
            .PublishAsync(new XConnector(http, time), Request(fake.CreateConnection(), "レート制限の後で"), Ct);

        Assert.IsType<PublishResult.Published>(result);
        Assert.Equal([TimeSpan.FromSeconds(20)], time.Delays); // the fake clock moved, not the real one
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public void The_factory_has_one_connector_per_platform()
    {
        using var http = Http();
        var factory = new ConnectorFactory(http);

        foreach (var network in Enum.GetValues<Network>())
        {
            Assert.Equal(network, factory.For(network).Network);
            Assert.Same(factory.For(network), factory.For(network)); // Bluesky's sessions live in the instance
        }
    }
}
