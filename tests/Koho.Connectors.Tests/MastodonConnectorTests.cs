using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class MastodonConnectorTests
{
    private const string Text = "図書館の臨時休館について\n\n4月1日（火）は館内整理のため休館します。\n詳しくは https://www.city.example.jp/library/news?id=2026&lang=ja <お問い合わせ> をご覧ください。";
    private static readonly PollOptions Polling = new(TimeSpan.FromSeconds(2), 5);

    [Fact]
    public async Task Publishes_with_an_image_waiting_for_its_processing()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Mastodon, time);
        fake.Faults.Configure(f => f.MediaProcessingPolls = 2);
        using var http = Http();
        var c = fake.CreateConnection();

        var result = await new MastodonConnector(http, time, Polling).PublishAsync(Request(c, Text, [Image()]), Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(Text, post.Text);
        Assert.Equal(post.Id, published.ExternalId);
        Assert.Equal((string?)post.Data!["url"], published.Url);
        Assert.Equal("避難所の地図", (string?)post.Data["media_attachments"]![0]!["description"]);
        Assert.Equal(3, fake.Counters["GET /api/v1/media/:id"]); // 206, 206, 200
        NoSecretInUrls(fake, c);
    }

    [Fact]
    public async Task Rate_limit_is_Retry_after_the_ISO_8601_reset()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Mastodon, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 300; });
        using var http = Http();

        var result = await new MastodonConnector(http, time).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsType<PublishResult.Retry>(result).After);
    }

    [Fact]
    public async Task Server_error_is_Retry()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        fake.Faults.Configure(f => f.ServerErrorNext = 1);
        using var http = Http();

        Assert.IsType<PublishResult.Retry>(await new MastodonConnector(http).PublishAsync(Request(fake.CreateConnection(), Text), Ct));
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task A_lost_answer_is_Retry_and_the_resend_returns_the_same_status_without_a_second_post()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var mastodon = new MastodonConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Retry>(await mastodon.PublishAsync(request, Ct));
        var first = Assert.Single(fake.Posts.All);

        var resend = Assert.IsType<PublishResult.Published>(await mastodon.PublishAsync(request, Ct));
        Assert.Equal(first.Id, resend.ExternalId);
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task Late_lost_answer_is_Ambiguous_and_Find_reads_the_HTML_back()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Mastodon, time);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var mastodon = new MastodonConnector(http, time);
        var request = Request(fake.CreateConnection(), Text.Replace("\n", "\r\n"), createdAt: Start.AddMinutes(-56)); // the key (1 hour) may be gone

        Assert.IsType<PublishResult.Ambiguous>(await mastodon.PublishAsync(request, Ct));

        var post = Assert.Single(fake.Posts.All);
        Assert.Contains("<br />", (string?)post.Data!["content"]); // Mastodon's HTML, links split into spans
        Assert.Contains("<span class=\"invisible\">https://</span>", (string?)post.Data["content"]);
        var found = Assert.IsType<FindResult.Found>(await mastodon.FindAsync(request, Ct));
        Assert.Equal(post.Id, found.ExternalId);
    }

    [Fact]
    public async Task Over_long_text_is_Failed_counting_urls_as_23()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        using var http = Http();
        var mastodon = new MastodonConnector(http);
        var c = fake.CreateConnection();
        var url = "https://www.city.example.jp/" + new string('a', 100); // 128 characters, counted as 23

        Assert.IsType<PublishResult.Published>(await mastodon.PublishAsync(Request(c, new string('あ', 477) + url), Ct));
        var failed = Assert.IsType<PublishResult.Failed>(await mastodon.PublishAsync(Request(c, new string('い', 478) + url), Ct));
        Assert.Equal(422, failed.StatusCode);
        Assert.Contains("500", failed.Reason);
    }

    [Fact]
    public async Task Deletes_a_status()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        using var http = Http();
        var mastodon = new MastodonConnector(http);
        var request = Request(fake.CreateConnection(), Text);
        var published = Assert.IsType<PublishResult.Published>(await mastodon.PublishAsync(request, Ct));

        Assert.IsType<PublishResult.Published>(await mastodon.DeleteAsync(request.Connection, published.ExternalId, Ct));
        Assert.IsType<FindResult.NotFound>(await mastodon.FindAsync(request, Ct));
    }
}
