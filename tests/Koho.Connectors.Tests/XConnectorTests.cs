using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class XConnectorTests
{
    private const string Text = "【防災】本日15時から避難訓練を行います。\n詳細 & 会場: https://www.city.example.jp/bousai?id=1&x=2 をご覧ください。";

    [Fact]
    public async Task Publishes_the_exact_text_and_returns_id_and_url()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        var c = fake.CreateConnection();

        var result = await new XConnector(http).PublishAsync(Request(c, Text), Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(Text, post.Text);
        Assert.Equal(post.Id, published.ExternalId);
        Assert.Equal($"https://x.com/i/web/status/{post.Id}", published.Url);
        NoSecretInUrls(fake, c);
    }

    [Fact]
    public async Task Rate_limit_is_Retry_after_the_x_rate_limit_reset()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.X, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 900; });
        using var http = Http();

        var result = await new XConnector(http, time).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.Equal(TimeSpan.FromSeconds(900), Assert.IsType<PublishResult.Retry>(result).After);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Server_error_on_the_post_itself_is_Ambiguous_and_read_back_before_any_resend()
    {
        // A gateway's 500 may follow a tweet that was made: X has no idempotency key, so it is never simply resent.
        await using var fake = await StartAsync(Network.X);
        fake.Faults.Configure(f => f.ServerErrorNext = 1);
        using var http = Http();
        var x = new XConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Ambiguous>(await x.PublishAsync(request, Ct));
        Assert.IsType<FindResult.NotFound>(await x.FindAsync(request, Ct));
        Assert.IsType<PublishResult.Published>(await x.PublishAsync(request, Ct));
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task Dropped_answer_after_processing_is_Ambiguous_then_found_and_a_resend_is_refused_as_duplicate()
    {
        await using var fake = await StartAsync(Network.X);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var x = new XConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Ambiguous>(await x.PublishAsync(request, Ct));
        var stored = Assert.Single(fake.Posts.All);

        // X shows the text back with t.co links and &amp;: Find must still recognise it.
        var found = Assert.IsType<FindResult.Found>(await x.FindAsync(request, Ct));
        Assert.Equal(stored.Id, found.ExternalId);

        // A careless resend must not double-post: X refuses duplicate content, and the connector says Ambiguous.
        Assert.IsType<PublishResult.Ambiguous>(await x.PublishAsync(request, Ct));
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task Dropped_connection_before_processing_is_Ambiguous_and_Find_says_NotFound()
    {
        await using var fake = await StartAsync(Network.X);
        fake.Faults.Configure(f => f.DropBeforeProcessingNext = 1);
        using var http = Http();
        var x = new XConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Ambiguous>(await x.PublishAsync(request, Ct));
        Assert.Empty(fake.Posts.All);
        Assert.IsType<FindResult.NotFound>(await x.FindAsync(request, Ct));
    }

    [Fact]
    public async Task Timeout_is_Ambiguous()
    {
        await using var fake = await StartAsync(Network.X);
        fake.Faults.Configure(f => f.LatencyMs = 1500);
        using var http = Http(TimeSpan.FromMilliseconds(300));

        var result = await new XConnector(http).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.IsType<PublishResult.Ambiguous>(result);
    }

    [Fact]
    public async Task Find_ignores_posts_older_than_five_minutes_before_the_first_attempt()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.X, time);
        using var http = Http();
        var x = new XConnector(http, time);
        var c = fake.CreateConnection();
        Assert.IsType<PublishResult.Published>(await x.PublishAsync(Request(c, Text, createdAt: Start), Ct));

        Assert.IsType<FindResult.Found>(await x.FindAsync(Request(c, Text, createdAt: Start.AddMinutes(4)), Ct));
        Assert.IsType<FindResult.NotFound>(await x.FindAsync(Request(c, Text, createdAt: Start.AddMinutes(6)), Ct));
        Assert.IsType<FindResult.NotFound>(await x.FindAsync(Request(c, Text + "（続報）", createdAt: Start), Ct));
    }

    [Fact]
    public async Task Over_long_text_by_Xs_weighting_is_Failed()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        var x = new XConnector(http);
        var c = fake.CreateConnection();

        // Japanese characters weigh 2: 140 fit in 280, 141 do not.
        Assert.IsType<PublishResult.Published>(await x.PublishAsync(Request(c, new string('防', 140)), Ct));
        var failed = Assert.IsType<PublishResult.Failed>(await x.PublishAsync(Request(c, new string('災', 141)), Ct));
        Assert.Equal(400, failed.StatusCode);
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task Images_are_uploaded_with_their_alt_text_and_attached()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();

        var result = await new XConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [UnhostedImage("地図1"), UnhostedImage("地図2")]), Ct);

        Assert.IsType<PublishResult.Published>(result);
        var media = Assert.Single(fake.Posts.All).Data!["media"]!.AsArray();
        Assert.Equal(["地図1", "地図2"], media.Select(m => (string?)m!["alt_text"]));
        Assert.Equal(2, fake.Counters["POST /2/media/upload"]);
    }

    [Fact]
    public async Task A_failed_image_upload_is_Retry_and_posts_nothing()
    {
        await using var fake = await StartAsync(Network.X);
        fake.Faults.Configure(f => { f.Scope = FaultScope.All; f.DropAfterProcessingNext = 1; });
        using var http = Http();

        var result = await new XConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [UnhostedImage()]), Ct);

        Assert.IsType<PublishResult.Retry>(result); // uploaded media is not a post: resending is safe
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Deletes_a_post()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        var x = new XConnector(http);
        var c = fake.CreateConnection();
        var published = Assert.IsType<PublishResult.Published>(await x.PublishAsync(Request(c, Text), Ct));

        Assert.IsType<PublishResult.Published>(await x.DeleteAsync(c, published.ExternalId, Ct));

        Assert.True(Assert.Single(fake.Posts.All).Deleted);
    }

    [Fact]
    public async Task The_fake_rejects_what_X_rejects()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        async Task<(int, JsonNode?)> Post(string json, string? token, string contentType = "application/json")
        {
            using var msg = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "2/tweets"))
            {
                Content = new StringContent(json, Encoding.UTF8, contentType),
            };
            if (token is not null) msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(msg, Ct);
            return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
        }

        var (status, body) = await Post("""{"text":"a"}""", null);
        Assert.Equal(401, status);
        Assert.Equal("Unauthorized", (string?)body!["title"]);

        (status, body) = await Post("""{"text":"a","unknown_field":1}""", fake.Options.Token);
        Assert.Equal(400, status);
        Assert.Contains("unknown_field", (string?)body!["errors"]![0]!["message"]);

        (status, _) = await Post("text=a", fake.Options.Token, "application/x-www-form-urlencoded");
        Assert.Equal(400, status);

        (status, _) = await Post("""{"text":"重複"}""", fake.Options.Token);
        Assert.Equal(201, status);
        (status, body) = await Post("""{"text":"重複"}""", fake.Options.Token);
        Assert.Equal(403, status);
        Assert.Contains("duplicate content", (string?)body!["detail"]);

        Assert.Single(fake.Posts.All);
    }
}
