using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class LineConnectorTests
{
    private const string Text = "【市からのお知らせ】\n明日は燃えるごみの収集日です。";

    [Fact]
    public async Task Broadcasts_the_exact_text_with_the_idempotency_key_as_retry_key()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();
        var c = fake.CreateConnection();
        var request = Request(c, Text);

        var result = await new LineConnector(http).PublishAsync(request, Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(Text, post.Text);
        Assert.Equal(request.IdempotencyKey.ToString("D"), post.IdempotencyKey);
        Assert.Equal(post.Id, published.ExternalId); // x-line-request-id
        Assert.Null(published.Url);
        NoSecretInUrls(fake, c);
    }

    [Fact]
    public async Task Images_become_image_messages()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();

        Assert.IsType<PublishResult.Published>(await new LineConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [Image()]), Ct));

        var messages = Assert.Single(fake.Posts.All).Data!["messages"]!.AsArray();
        Assert.Equal(["text", "image"], messages.Select(m => (string?)m!["type"]));
        Assert.Equal("https://koho.example.jp/media/photo.png", (string?)messages[1]!["originalContentUrl"]);
    }

    [Fact]
    public async Task Rate_limit_and_server_errors_are_Retry()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Line, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.ServerErrorNext = 1; });
        using var http = Http();
        var line = new LineConnector(http, time);
        var request = Request(fake.CreateConnection(), Text, createdAt: Start);

        Assert.IsType<PublishResult.Retry>(await line.PublishAsync(request, Ct)); // 429
        Assert.IsType<PublishResult.Retry>(await line.PublishAsync(request, Ct)); // 500
        Assert.IsType<PublishResult.Retry>(await line.PublishAsync(request, Ct)); // still limited until the reset
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.IsType<PublishResult.Published>(await line.PublishAsync(request, Ct));
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task A_lost_answer_is_a_safe_Retry_and_the_resend_reports_the_first_broadcast()
    {
        await using var fake = await StartAsync(Network.Line);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var line = new LineConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Retry>(await line.PublishAsync(request, Ct));
        var first = Assert.Single(fake.Posts.All);

        var resend = Assert.IsType<PublishResult.Published>(await line.PublishAsync(request, Ct)); // 409 + x-line-accepted-request-id
        Assert.Equal(first.Id, resend.ExternalId);
        Assert.Single(fake.Posts.All);
        Assert.Equal(2, fake.Counters["POST /v2/bot/message/broadcast"]);
    }

    [Fact]
    public async Task A_lost_answer_after_the_retry_key_may_have_expired_is_Ambiguous()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Line, time);
        fake.Faults.Configure(f => f.DropBeforeProcessingNext = 1);
        using var http = Http();

        var result = await new LineConnector(http, time).PublishAsync(Request(fake.CreateConnection(), Text, createdAt: Start.AddHours(-23.5)), Ct);

        Assert.IsType<PublishResult.Ambiguous>(result);
    }

    [Fact]
    public async Task Cannot_be_found_or_deleted()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();
        var line = new LineConnector(http);
        var c = fake.CreateConnection();

        Assert.IsType<FindResult.Unknown>(await line.FindAsync(Request(c, Text), Ct));
        Assert.Equal("LINE の配信は取り消せません", Assert.IsType<PublishResult.Failed>(await line.DeleteAsync(c, "x", Ct)).Reason);
    }

    [Fact]
    public async Task Over_long_text_is_Failed_with_LINEs_details()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();

        var result = await new LineConnector(http).PublishAsync(Request(fake.CreateConnection(), new string('あ', 5001)), Ct);

        var failed = Assert.IsType<PublishResult.Failed>(result);
        Assert.Equal(400, failed.StatusCode);
        Assert.Contains("messages[0].text", failed.Reason);
    }

    public static TheoryData<string, string> SchemaViolations() => new()
    {
        { """{"messages":[]}""", "messages" },                                                  // minItems 1
        { """{}""", "messages" },                                                               // required
        { """{"messages":[{"type":"text","text":"1"},{"type":"text","text":"2"},{"type":"text","text":"3"},{"type":"text","text":"4"},{"type":"text","text":"5"},{"type":"text","text":"6"}]}""", "messages" }, // maxItems 5
        { """{"messages":[{"type":"txt","text":"a"}]}""", "messages[0].type" },                 // discriminator mapping
        { """{"messages":[{"type":"text"}]}""", "messages[0].text" },                           // TextMessage requires text
        { """{"messages":[{"type":"text","text":1}]}""", "messages[0].text" },                  // type string
        { """{"messages":[{"type":"text","text":"a","colour":"red"}]}""", "messages[0].colour" }, // not a property
        { """{"messages":[{"type":"image","originalContentUrl":"not a uri","previewImageUrl":"https://a.example/p.png"}]}""", "messages[0].originalContentUrl" }, // format uri
        { """{"messages":[{"type":"text","text":"a"}],"notificationDisabled":"yes"}""", "notificationDisabled" }, // boolean
    };

    [Theory]
    [MemberData(nameof(SchemaViolations))]
    public async Task The_fake_validates_broadcasts_against_the_OpenAPI_schema(string body, string property)
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();

        var (status, json) = await RawBroadcast(http, fake, body, Guid.NewGuid().ToString("D"));

        Assert.Equal(400, status);
        Assert.Contains(json!["details"]!.AsArray(), d => (string?)d!["property"] == property);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task The_fake_accepts_a_valid_broadcast_and_rejects_a_malformed_retry_key()
    {
        await using var fake = await StartAsync(Network.Line);
        using var http = Http();
        const string valid = """{"messages":[{"type":"text","text":"お知らせ"},{"type":"image","originalContentUrl":"https://a.example/o.png","previewImageUrl":"https://a.example/p.png"}],"notificationDisabled":true}""";

        Assert.Equal(400, (await RawBroadcast(http, fake, valid, "not-a-uuid")).Status);
        Assert.Equal(200, (await RawBroadcast(http, fake, valid, Guid.NewGuid().ToString("D"))).Status);
        Assert.Single(fake.Posts.All);
    }

    private static async Task<(int Status, JsonNode? Body)> RawBroadcast(HttpClient http, FakePlatformServer fake, string body, string retryKey)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "v2/bot/message/broadcast"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fake.Options.Token);
        msg.Headers.Add("X-Line-Retry-Key", retryKey);
        using var response = await http.SendAsync(msg, Ct);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }
}
