using Koho.FakePlatforms;
using static Koho.Connectors.Tests.GraphTestSupport;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

public class FacebookConnectorTests
{
    private const string Text = "市民まつりのお知らせ\r\n日時: 5月3日 10時〜\n会場: 中央公園 https://www.city.example.jp/matsuri";

    [Fact]
    public async Task Publishes_the_exact_message_with_the_token_in_the_header_only()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();
        var c = fake.CreateConnection();

        var result = await new FacebookConnector(http).PublishAsync(Request(c, Text), Ct);

        var published = Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(Text, post.Text);
        Assert.Equal(post.Id, published.ExternalId);
        var (page, postId) = (post.Id.Split('_')[0], post.Id.Split('_')[1]);
        Assert.Equal($"https://www.facebook.com/{page}/posts/{postId}", published.Url);
        Assert.StartsWith("/v21.0/", Assert.Single(fake.Counters.Log).PathAndQuery); // the version segment survived URL joining
        NoSecretInUrls(fake, c);
    }

    [Fact]
    public async Task Expired_token_is_Failed_in_Japanese_without_the_token()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();
        var c = fake.CreateConnectionWithWrongCredentials();

        var result = await new FacebookConnector(http).PublishAsync(Request(c, Text), Ct);

        Assert.Contains("アクセストークン", Assert.IsType<PublishResult.Failed>(result).Reason);
        NoSecretIn(c, result);
    }

    [Fact]
    public async Task Throttling_is_Retry_after_the_usage_headers_estimate()
    {
        var time = new ManualTimeProvider(Start);
        await using var fake = await StartAsync(Network.Facebook, time);
        fake.Faults.Configure(f => { f.RateLimitNext = 1; f.RateLimitResetSeconds = 600; });
        using var http = Http();

        var result = await new FacebookConnector(http, time).PublishAsync(Request(fake.CreateConnection(), Text), Ct);

        Assert.Equal(TimeSpan.FromMinutes(10), Assert.IsType<PublishResult.Retry>(result).After);
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Server_error_on_the_post_itself_is_Ambiguous()
    {
        // No idempotency key on /feed: a 500 may follow a post that was made, so it is read back before any resend.
        await using var fake = await StartAsync(Network.Facebook);
        fake.Faults.Configure(f => f.ServerErrorNext = 1);
        using var http = Http();
        var fb = new FacebookConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Ambiguous>(await fb.PublishAsync(request, Ct));
        Assert.IsType<FindResult.NotFound>(await fb.FindAsync(request, Ct));
        Assert.Empty(fake.Posts.All);
    }

    [Fact]
    public async Task Dropped_answer_is_Ambiguous_then_found_and_a_resend_is_refused_as_duplicate()
    {
        await using var fake = await StartAsync(Network.Facebook);
        fake.Faults.Configure(f => f.DropAfterProcessingNext = 1);
        using var http = Http();
        var fb = new FacebookConnector(http);
        var request = Request(fake.CreateConnection(), Text);

        Assert.IsType<PublishResult.Ambiguous>(await fb.PublishAsync(request, Ct));
        var found = Assert.IsType<FindResult.Found>(await fb.FindAsync(request, Ct));
        Assert.Equal(Assert.Single(fake.Posts.All).Id, found.ExternalId);

        var resend = await fb.PublishAsync(request, Ct); // error 506 "Duplicate status message"
        Assert.IsType<PublishResult.Ambiguous>(resend);
        Assert.Single(fake.Posts.All);
    }

    [Fact]
    public async Task Images_are_uploaded_unpublished_and_attached_to_one_post()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();

        var result = await new FacebookConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [Image("a.png"), Image("b.png")]), Ct);

        Assert.IsType<PublishResult.Published>(result);
        var post = Assert.Single(fake.Posts.All);
        Assert.Equal(2, post.Data!["attached_media"]!.AsArray().Count);
        Assert.Equal(2, fake.Counters["POST photos"]);
    }

    [Fact]
    public async Task Images_without_a_public_url_are_uploaded_as_files()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();

        var result = await new FacebookConnector(http).PublishAsync(Request(fake.CreateConnection(), Text, [UnhostedImage()]), Ct);

        Assert.IsType<PublishResult.Published>(result);
        Assert.StartsWith("upload:image/png:", (string?)Assert.Single(fake.Posts.All).Data!["photos"]![0]);
    }

    [Fact]
    public async Task Deletes_a_post_and_Find_no_longer_sees_it()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();
        var fb = new FacebookConnector(http);
        var request = Request(fake.CreateConnection(), Text);
        var published = Assert.IsType<PublishResult.Published>(await fb.PublishAsync(request, Ct));

        Assert.IsType<PublishResult.Published>(await fb.DeleteAsync(request.Connection, published.ExternalId, Ct));

        Assert.IsType<FindResult.NotFound>(await fb.FindAsync(request, Ct));
    }

    [Fact]
    public async Task The_fake_checks_parameters_against_the_Page_spec()
    {
        await using var fake = await StartAsync(Network.Facebook);
        using var http = Http();
        var page = fake.AccountId;

        var (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["message"] = "a", ["not_a_graph_param"] = "1" });
        Assert.Equal(400, status);
        Assert.Equal(100, Code(body));
        Assert.Contains("not_a_graph_param", (string?)body!["error"]!["message"]);

        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["message"] = "a", ["published"] = "maybe" });
        Assert.Equal(100, Code(body)); // "published" is not a feed parameter at all

        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["message"] = "a", ["backdated_time_granularity"] = "year", ["expanded_height"] = "tall" });
        Assert.Equal(100, Code(body)); // expanded_height is an unsigned int

        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["link"] = "" , ["message"] = "" });
        Assert.Equal(200, status); // link alone is enough to post

        (status, body) = await Raw(http, fake, HttpMethod.Get, $"{page}/published_posts?fields=id,no_such_field");
        Assert.Equal(100, Code(body));

        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["message"] = "同じ文" });
        Assert.Equal(200, status);
        (status, body) = await Raw(http, fake, HttpMethod.Post, $"{page}/feed", new() { ["message"] = "同じ文" });
        Assert.Equal(506, Code(body));
    }
}
