using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.GraphTestSupport;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>The fakes serve timelines in pages as the platforms document them, and refuse what the platforms refuse.</summary>
public class FakePagingTests
{
    private static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Get(HttpClient http, FakePlatformServer fake, string relative)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative);
        msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fake.Options.Token);
        var response = await http.SendAsync(msg, Ct);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)), response);
    }

    private static async Task<FakePlatformServer> SeededAsync(Network network, int count, DateTimeOffset from)
    {
        var fake = await StartAsync(network, options: new FakePlatformOptions { RateLimit = 1_000_000 });
        for (var i = 0; i < count; i++) fake.Seed($"お知らせ {i}", from.AddSeconds(i));
        return fake;
    }

    [Fact]
    public async Task X_pages_newest_first_with_next_token_and_start_time_and_refuses_bad_parameters()
    {
        await using var fake = await SeededAsync(Network.X, 25, Start);
        using var http = Http();
        var timeline = $"2/users/{fake.AccountId}/tweets?tweet.fields=created_at&max_results=10";

        var texts = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (status, body, _) = await Get(http, fake, timeline + (token is null ? "" : "&pagination_token=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, status);
            texts.AddRange(body!["data"]!.AsArray().Select(t => (string)t!["text"]!));
            token = (string?)body["meta"]!["next_token"];
            pages++;
            if (pages == 1) fake.Seed("ページの途中で投稿されたお知らせ", Start.AddMinutes(10)); // new posts do not shift the pages
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"お知らせ {i}"), texts);

        // start_time (inclusive, whole seconds) restricts the timeline to the window.
        var (_, recent, _) = await Get(http, fake, timeline + "&start_time=2026-04-01T00:30:20Z");
        Assert.Equal(["ページの途中で投稿されたお知らせ", "お知らせ 24", "お知らせ 23", "お知らせ 22", "お知らせ 21", "お知らせ 20"],
            recent!["data"]!.AsArray().Select(t => (string)t!["text"]!));
        Assert.Null(recent["meta"]!["next_token"]);

        var (bad, error, _) = await Get(http, fake, timeline + "&pagination_token=not-a-token");
        Assert.Equal(400, bad);
        Assert.Equal("not-a-token", (string?)error!["errors"]![0]!["parameters"]!["pagination_token"]![0]);
        Assert.Equal("https://api.twitter.com/2/problems/invalid-request", (string?)error["type"]);
        (bad, _, _) = await Get(http, fake, $"2/users/{fake.AccountId}/tweets?max_results=101");
        Assert.Equal(400, bad);
        (bad, _, _) = await Get(http, fake, $"2/users/{fake.AccountId}/tweets?max_results=4");
        Assert.Equal(400, bad);
        (bad, _, _) = await Get(http, fake, timeline + "&start_time=yesterday");
        Assert.Equal(400, bad);
    }

    [Theory]
    [InlineData(Network.Facebook, "published_posts?fields=id,message,created_time")]
    [InlineData(Network.Instagram, "media?fields=id,caption,timestamp")]
    public async Task Graph_edges_page_with_cursors_and_next_links_and_refuse_bad_limits_and_cursors(Network network, string edge)
    {
        await using var fake = await SeededAsync(network, 25, Start);
        using var http = Http();
        var first = $"{fake.AccountId}/{edge}&limit=10";

        var (status, body, _) = await Get(http, fake, first);
        Assert.Equal(200, status);
        Assert.Equal(10, body!["data"]!.AsArray().Count);
        var next = (string)body["paging"]!["next"]!;
        var after = (string)body["paging"]!["cursors"]!["after"]!;
        Assert.Contains("after=" + Uri.EscapeDataString(after), next);
        Assert.Contains("limit=10", next);
        Assert.Contains("access_token=", next); // as Graph writes it: a client must not put this URL in its logs

        var (_, second, _) = await Get(http, fake, first + "&after=" + Uri.EscapeDataString(after));
        var (_, third, _) = await Get(http, fake, first + "&after=" + Uri.EscapeDataString((string)second!["paging"]!["cursors"]!["after"]!));
        Assert.Equal(5, third!["data"]!.AsArray().Count);
        Assert.Null(third["paging"]!["next"]); // the last page says so by having no next
        Assert.NotNull(third["paging"]!["previous"]);

        (status, body, _) = await Get(http, fake, first + "&after=bm90LWEtY3Vyc29y");
        Assert.Equal(400, status);
        Assert.Equal(2642, Code(body));
        (status, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge}&limit=101");
        Assert.Equal(400, status);
        Assert.Equal(100, Code(body));
    }

    [Fact]
    public async Task Instagram_media_takes_since_as_a_unix_time()
    {
        await using var fake = await SeededAsync(Network.Instagram, 25, Start);
        using var http = Http();

        var (status, body, _) = await Get(http, fake, $"{fake.AccountId}/media?fields=caption&since={Start.AddSeconds(20).ToUnixTimeSeconds()}");

        Assert.Equal(200, status);
        Assert.Equal(["お知らせ 24", "お知らせ 23", "お知らせ 22", "お知らせ 21", "お知らせ 20"], body!["data"]!.AsArray().Select(m => (string)m!["caption"]!));
        (status, body, _) = await Get(http, fake, $"{fake.AccountId}/media?since=someday");
        Assert.Equal(100, Code(body));
    }

    [Fact]
    public async Task Mastodon_pages_with_max_id_and_a_Link_header_and_serves_at_most_40()
    {
        await using var fake = await SeededAsync(Network.Mastodon, 95, Start);
        using var http = Http();
        var statuses = $"api/v1/accounts/{fake.AccountId}/statuses";

        var (status, body, response) = await Get(http, fake, statuses + "?limit=80");
        Assert.Equal(200, status);
        var page = body!.AsArray();
        Assert.Equal(40, page.Count); // more than 40 is served as 40
        Assert.Equal("<p>お知らせ 94</p>", (string?)page[0]!["content"]);
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains($"max_id={(string)page[^1]!["id"]!}>; rel=\"next\"", link);
        Assert.Contains($"min_id={(string)page[0]!["id"]!}>; rel=\"prev\"", link);

        var (_, olderBody, _) = await Get(http, fake, statuses + "?limit=40&max_id=" + (string)page[^1]!["id"]!);
        var older = olderBody!.AsArray();
        Assert.Equal("<p>お知らせ 54</p>", (string?)older[0]!["content"]);
        var (_, lastBody, lastResponse) = await Get(http, fake, statuses + "?limit=40&max_id=" + (string)older[^1]!["id"]!);
        var last = lastBody!.AsArray();
        Assert.Equal(15, last.Count);
        Assert.DoesNotContain("rel=\"next\"", string.Join(",", lastResponse.Headers.GetValues("Link"))); // a short page has no next link
        var (_, empty, _) = await Get(http, fake, statuses + "?limit=40&max_id=" + (string)last[^1]!["id"]!);
        Assert.Empty(empty!.AsArray());
    }
}
