using Koho.FakePlatforms;
using static Koho.Connectors.Tests.GraphTestSupport;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class InstagramConnectorTests
{
    private const string Caption = "桜が見頃です🌸 #市の花 #春\n撮影: 市民公園";
    private static readonly PollOptions Polling = new(TimeSpan.FromSeconds(5), 5);

    [Fact]
    public async Task Without_an_image_is_Failed_before_any_call()
    {
        await using var fake = await StartAsync(Network.Instagram);
        using var http = Http();

        var result = await new InstagramConnector(http).PublishAsync(Request(fake.CreateConnection(), Caption), Ct);

        Assert.Contains("画像が必要", Assert.IsType<PublishResult.Failed>(result).Reason);
        Assert.Equal(0, fake.Counters.Total);
    }

    [Fact]
    public async Task Waits_while_the_container_is_in_progress_then_publishes()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        fake.Faults.Configure(f => f.ContainerInProgressPolls = 3);
        using var http = Http();
        var c = fake.CreateConnection();

        var result = await new InstagramConnector(http, time, Polling).PublishAsync(Request(c, Caption, [Image()]), Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(Caption, post.Text);
        Assert.Equal(post.Id, published.ExternalId);
        Assert.Equal((string?)post.Data!["permalink"], published.Url);
        Assert.Equal("避難所の地図", (string?)post.Data["alt_text"]);
        Assert.Equal(4, fake.Counters["GET container"]);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], time.Delays);
        NoSecretInUrls(fake, c);
    }

    [Theory]
    [InlineData("ERROR")]
    [InlineData("EXPIRED")]
    public async Task A_failed_container_is_Failed_and_nothing_is_published(string status)
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        fake.Faults.Configure(f => { f.ContainerInProgressPolls = 1; f.ContainerFinalStatus = status; });
        using var http = Http();

        var result = await new InstagramConnector(http, time, Polling).PublishAsync(Request(fake.CreateConnection(), Caption, [Image()]), Ct);

        Assert.IsType<PublishResult.Failed>(result);
        Assert.Empty(fake.Posts.All);
        Assert.Equal(0, fake.Counters["POST media_publish"]);
    }

    [Fact]
    public async Task A_container_that_never_finishes_is_Retry_after_bounded_polls()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        fake.Faults.Configure(f => f.ContainerInProgressPolls = 100);
        using var http = Http();

        var result = await new InstagramConnector(http, time, Polling).PublishAsync(Request(fake.CreateConnection(), Caption, [Image()]), Ct);

        Assert.IsType<PublishResult.Retry>(result);
        Assert.Equal(Polling.MaxPolls, fake.Counters["GET container"]);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Carousel_of_two_images()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        using var http = Http();

        var result = await new InstagramConnector(http, time, Polling).PublishAsync(Request(fake.CreateConnection(), Caption, [Image("a.png"), Image("b.png")]), Ct);

        Assert.IsType<PublishResult.Published>(result);
        Assert.Equal(2, Assert.Single(fake.Posts.All).Data!["images"]!.AsArray().Count);
        Assert.Equal(3, fake.Counters["POST media"]);
    }

    [Fact]
    public async Task Dropped_publish_answer_is_Ambiguous_then_found()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var ig = new InstagramConnector(http, time, Polling);
        var request = Request(fake.CreateConnection(), Caption, [Image()], createdAt: Start);

        Assert.IsType<PublishResult.Ambiguous>(await ig.PublishAsync(request, Ct));
        var found = Assert.IsType<FindResult.Found>(await ig.FindAsync(request, Ct));
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(post.Id, found.ExternalId);
        Assert.Equal((string?)post.Data!["permalink"], found.Url);
    }

    [Fact]
    public async Task Failures_before_media_publish_are_safe_Retry()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.DropAfterProcessingNext = 1; }); // hits container creation
        using var http = Http();

        var result = await new InstagramConnector(http, time, Polling).PublishAsync(Request(fake.CreateConnection(), Caption, [Image()]), Ct);

        Assert.IsType<PublishResult.Retry>(result);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Throttling_and_auth_failures()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        using var http = Http();
        var ig = new InstagramConnector(http, time, Polling);

        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 120; });
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<PublishResult.Retry>(await ig.PublishAsync(Request(fake.CreateConnection(), Caption, [Image()]), Ct)).After);

        time.Advance(TimeSpan.FromMinutes(3)); // the fake's rate-limit window is spent until then
        var wrong = fake.CreateConnectionWithWrongCredentials();
        var failed = await ig.PublishAsync(Request(wrong, Caption, [Image()]), Ct);
        Assert.IsType<PublishResult.Failed>(failed);
        NoSecretIn(wrong, failed);
    }

    [Fact]
    public async Task Deletes_a_post()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Instagram, time);
        using var http = Http();
        var ig = new InstagramConnector(http, time, Polling);
        var c = fake.CreateConnection();
        var published = Assert.IsType<PublishResult.Published>(await ig.PublishAsync(Request(c, Caption, [Image()]), Ct));

        Assert.IsType<PublishResult.Published>(await ig.DeleteAsync(c, published.ExternalId, Ct));
        Assert.True(Assert.Single(fake.Posts.All).Deleted);
    }

    [Fact]
    public async Task The_fake_checks_parameters_against_the_IGUser_spec()
    {
        await using var fake = await StartAsync(Network.Instagram);
        using var http = Http();
        var user = fake.AccountId;

        var (status, body) = await Raw(http, fake, HttpMethod.Post, $"{user}/media", new() { ["image_url"] = "https://koho.example.jp/a.png", ["message"] = "x" });
        Assert.Equal(100, Code(body)); // "message" is Facebook's, not Instagram's

        (_, body) = await Raw(http, fake, HttpMethod.Post, $"{user}/media", new() { ["caption"] = "画像なし" });
        Assert.Equal(100, Code(body));

        (_, body) = await Raw(http, fake, HttpMethod.Post, $"{user}/media_publish", new());
        Assert.Equal(100, Code(body)); // creation_id is required
        Assert.Contains("creation_id", (string?)body!["error"]!["message"]);

        (_, body) = await Raw(http, fake, HttpMethod.Post, $"{user}/media_publish", new() { ["creation_id"] = "abc" });
        Assert.Equal(100, Code(body)); // an unsigned int

        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{user}/media", new() { ["image_url"] = "https://koho.example.jp/a.png", ["caption"] = string.Concat(Enumerable.Range(0, 31).Select(i => $"#tag{i} ")) });
        Assert.Equal(400, status); // more than 30 hashtags
    }
}
