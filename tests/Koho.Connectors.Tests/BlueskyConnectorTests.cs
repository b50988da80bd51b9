using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class BlueskyConnectorTests
{
    private const string Prefix = "【防災】避難所の開設状況はこちら→";
    private const string Url = "https://www.city.example.jp/hinan?area=3";
    private const string Text = Prefix + Url + "。ご確認ください。";

    [Fact]
    public async Task Publishes_a_post_record_with_link_facets_in_UTF8_byte_offsets()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var c = fake.CreateConnection();
        var createdAt = new DateTimeOffset(2026, 4, 1, 9, 30, 15, 123, TimeSpan.FromHours(9));

        var result = await new BlueskyConnector(http).PublishAsync(Request(c, Text, createdAt: createdAt), Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        var record = post.Data!["record"]!;
        Assert.Equal(Text, (string?)record["text"]);
        Assert.Equal("2026-04-01T00:30:15.123Z", (string?)record["createdAt"]);
        Assert.Equal(["ja"], record["langs"]!.AsArray().Select(l => (string?)l));
        var facet = Assert.Single(record["facets"]!.AsArray())!;
        var start = Encoding.UTF8.GetByteCount(Prefix); // 17 Japanese characters: 3 bytes each, not 1 UTF-16 unit
        Assert.Equal(start, (int)facet["index"]!["byteStart"]!);
        Assert.Equal(start + Url.Length, (int)facet["index"]!["byteEnd"]!);
        Assert.Equal(Url, (string?)facet["features"]![0]!["uri"]); // the 。 after it is not part of the link
        Assert.Equal(post.Id, published.ExternalId);
        Assert.Equal($"https://bsky.app/profile/{fake.Options.Handle}/post/{post.IdempotencyKey}", published.Url);
        NoSecretInUrls(fake, c);
    }

    [Fact]
    public async Task Images_are_uploaded_as_blobs_and_embedded_with_alt_text()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();

        var result = await new BlueskyConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [UnhostedImage("地図1"), UnhostedImage("地図2")]), Ct);

        Assert.IsType<PublishResult.Published>(result);
        var embed = Assert.Single(fake.Posts.All).Data!["record"]!["embed"]!;
        Assert.Equal("app.bsky.embed.images", (string?)embed["$type"]);
        Assert.Equal(["地図1", "地図2"], embed["images"]!.AsArray().Select(i => (string?)i!["alt"]));
        Assert.Equal("blob", (string?)embed["images"]![0]!["image"]!["$type"]);
        Assert.Equal(2, fake.Counters["uploadBlob"]);
    }

    [Fact]
    public async Task Images_over_one_megabyte_are_Failed_before_any_call()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var big = UnhostedImage() with { Content = new byte[1_000_001] };

        Assert.IsType<PublishResult.Failed>(await new BlueskyConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [big]), Ct));
        Assert.Equal(0, fake.Counters.Total);
    }

    [Fact]
    public async Task The_record_key_is_the_same_TID_for_every_attempt_at_one_post()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var request = Request(fake.CreateConnection(), Text);

        await new BlueskyConnector(http).PublishAsync(request, Ct);
        await new BlueskyConnector(http).PublishAsync(Request(request.Connection, Text + "2"), Ct);

        var keys = fake.Posts.All.Select(p => p.IdempotencyKey!).ToList();
        Assert.Matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$", keys[0]);
        Assert.NotEqual(keys[0], keys[1]);
        // The TID's time is CreatedAt's second: keys sort like the posts.
        var micros = Decode(keys[0]) >> 10;
        Assert.Equal(request.CreatedAt.ToUnixTimeSeconds(), (long)micros / 1_000_000);
    }

    [Fact]
    public void Posts_created_in_the_same_second_get_different_record_keys()
    {
        var random = new Random(42);
        var keys = Enumerable.Range(0, 5000).Select(_ => Koho.Connectors.Internal.Tid.ForPost(new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)), Start)).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$", k));
    }

    [Fact]
    public async Task Signs_in_once_and_reuses_the_session()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var bluesky = new BlueskyConnector(http);
        var c = fake.CreateConnection();

        for (var i = 0; i < 3; i++) Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(Request(c, $"お知らせ {i}"), Ct));

        Assert.Equal(1, fake.Counters["createSession"]);
        Assert.Equal(3, fake.Counters["createRecord"]);
    }

    [Fact]
    public async Task An_expired_session_is_refreshed_once_and_the_post_goes_out()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var bluesky = new BlueskyConnector(http);
        var c = fake.CreateConnection();
        Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(Request(c, "一件目"), Ct));

        fake.Invoke("expire-sessions");
        Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(Request(c, "二件目"), Ct));

        Assert.Equal(1, fake.Counters["createSession"]);
        Assert.Equal(1, fake.Counters["refreshSession"]);
        Assert.Equal(2, fake.Posts.All.Count);
    }

    [Fact]
    public async Task Rate_limit_is_Retry_after_ratelimit_reset()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Bluesky, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 240; });
        using var http = Http();

        var result = await new BlueskyConnector(http, time).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.Equal(TimeSpan.FromSeconds(240), Assert.IsType<PublishResult.Retry>(result).After);
    }

    [Fact]
    public async Task Server_error_without_a_record_is_Retry()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        fake.Faults.Configure(f => f.ServerErrorNext = 1);
        using var http = Http();

        var result = await new BlueskyConnector(http).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.IsType<PublishResult.Retry>(result);
        Assert.Equal(1, fake.Counters["getRecord"]); // it checked whether an earlier attempt had written it
        Assert.Empty(fake.Posts.All);
    }

    [Theory]
    [InlineData("InternalServerError")] // what the reference PDS answers for an existing rkey
    [InlineData("InvalidRequest")]      // 400 "Record already exists"
    public async Task A_lost_answer_is_Retry_and_the_resend_finds_the_record_instead_of_posting_twice(string existingRecordError)
    {
        await using var fake = await StartAsync(Network.Bluesky);
        fake.Faults.Configure(f => { f.DropAfterProcessingNext = 1; f.ExistingRecordError = existingRecordError; });
        using var http = Http();
        var bluesky = new BlueskyConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Retry>(await bluesky.PublishAsync(request, Ct));
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(post.Id, Assert.IsType<FindResult.Found>(await bluesky.FindAsync(request, Ct)).ExternalId);

        var resend = Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(request, Ct));
        Assert.Equal(post.Id, resend.ExternalId);
        Assert.Single(fake.Posts.All);
        Assert.Equal(2, fake.Counters["createRecord"]);
    }

    [Fact]
    public async Task Find_without_a_record_is_NotFound()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();

        Assert.IsType<FindResult.NotFound>(await new BlueskyConnector(http).FindAsync(Request(fake.CreateConnection(), Text), Ct));
    }

    [Fact]
    public async Task Over_long_text_is_Failed_by_graphemes()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var bluesky = new BlueskyConnector(http);
        var c = fake.CreateConnection();

        Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(Request(c, new string('あ', 300)), Ct)); // 900 bytes, 300 graphemes
        var failed = Assert.IsType<PublishResult.Failed>(await bluesky.PublishAsync(Request(c, new string('い', 301)), Ct));
        Assert.Contains("300 graphemes", failed.Reason);
    }

    [Fact]
    public async Task Deletes_a_post()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var bluesky = new BlueskyConnector(http);
        var request = Request(fake.CreateConnection(), Text);
        var published = Assert.IsType<PublishResult.Published>(await bluesky.PublishAsync(request, Ct));

        Assert.IsType<PublishResult.Published>(await bluesky.DeleteAsync(request.Connection, published.ExternalId, Ct));

        Assert.True(Assert.Single(fake.Posts.All).Deleted);
        Assert.IsType<FindResult.NotFound>(await bluesky.FindAsync(request, Ct));
    }

    public static TheoryData<string, string> LexiconViolations() => new()
    {
        { Record(text: new string('あ', 301)), "graphemes" },
        { Record(text: new string('a', 299) + string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 1)) + new string('x', 2700)), "3000" },
        { """{"repo":"DID","collection":"app.bsky.feed.post","record":{"$type":"app.bsky.feed.post","text":"a"}}""", "createdAt" },
        { Record(createdAt: "2026-04-01 09:00"), "datetime" },
        { Record(langs: """["ja","en","fr","de"]"""), "langs" },
        { Record(facets: """[{"index":{"byteStart":13,"byteEnd":400},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://a.example"}]}]"""), "byte range" },
        { Record(facets: """[{"index":{"byteStart":0},"features":[]}]"""), "byteEnd" },
        { Record(rkey: "not-a-tid"), "TID" },
        { """{"repo":"DID","collection":"not an nsid","record":{"$type":"not an nsid"}}""", "nsid" },
        { """{"repo":"DID","record":{"$type":"app.bsky.feed.post","text":"a","createdAt":"2026-04-01T00:00:00Z"}}""", "collection" },
        { """{"repo":"DID","collection":"app.bsky.feed.post","record":{"$type":"app.bsky.feed.post","text":"a","createdAt":"2026-04-01T00:00:00Z","embed":{"$type":"app.bsky.embed.images","images":[{"alt":"x","image":{"$type":"blob","ref":{"$link":"bafkreinotuploaded"},"mimeType":"image/png","size":10}}]}}}""", "blob uploaded" },
    };

    [Theory]
    [MemberData(nameof(LexiconViolations))]
    public async Task The_fake_validates_createRecord_against_the_lexicons(string body, string expected)
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var token = await SignInAsync(http, fake);

        var (status, json) = await Xrpc(http, fake, "com.atproto.repo.createRecord", body.Replace("DID", fake.Options.Did), token);

        Assert.Equal(400, status);
        Assert.Equal("InvalidRequest", (string?)json!["error"]);
        Assert.Contains(expected, (string?)json["message"]);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task The_fake_accepts_a_valid_record_and_validates_createSession_input()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        var token = await SignInAsync(http, fake);

        Assert.Equal(200, (await Xrpc(http, fake, "com.atproto.repo.createRecord", Record().Replace("DID", fake.Options.Did), token)).Status);

        var (status, json) = await Xrpc(http, fake, "com.atproto.server.createSession", $$"""{"identifier":"{{fake.Options.Handle}}"}""", null);
        Assert.Equal(400, status);
        Assert.Contains("password", (string?)json!["message"]);
    }

    private static string Record(string text = "お知らせ https://a.example", string createdAt = "2026-04-01T00:00:00.000Z", string? langs = null, string? facets = null, string? rkey = null) =>
        "{\"repo\":\"DID\",\"collection\":\"app.bsky.feed.post\"" + (rkey is null ? "" : $",\"rkey\":\"{rkey}\"")
        + ",\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":" + JsonValue.Create(text).ToJsonString() + $",\"createdAt\":\"{createdAt}\""
        + (langs is null ? "" : ",\"langs\":" + langs) + (facets is null ? "" : ",\"facets\":" + facets) + "}}";

    private static async Task<string> SignInAsync(HttpClient http, FakePlatformServer fake)
    {
        var (status, json) = await Xrpc(http, fake, "com.atproto.server.createSession",
            $$"""{"identifier":"{{fake.Options.Handle}}","password":"{{fake.Options.AppPassword}}"}""", null);
        Assert.Equal(200, status);
        return (string)json!["accessJwt"]!;
    }

    private static async Task<(int Status, JsonNode? Body)> Xrpc(HttpClient http, FakePlatformServer fake, string nsid, string body, string? token)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "xrpc/" + nsid)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(msg, Ct);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    private static ulong Decode(string tid)
    {
        const string alphabet = "234567abcdefghijklmnopqrstuvwxyz";
        return tid.Aggregate(0UL, (value, ch) => (value << 5) | (uint)alphabet.IndexOf(ch));
    }
}
