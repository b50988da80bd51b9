using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>The fakes' read and search endpoints refuse what the platforms refuse, and can be fed over the admin API.</summary>
public class FakeWatchTests
{
    private static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Get(HttpClient http, FakePlatformServer fake, string relative, bool authenticate = true)
    {
        using var msg = new HttpRequestMessage(HttpMethod.Get, fake.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative);
        if (authenticate) msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fake.Options.Token);
        var response = await http.SendAsync(msg, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    [Fact]
    public async Task Koho_in_another_process_can_feed_mentions_and_profiles_over_the_admin_API_and_reset_clears_them()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        using var http = Http();
        var admin = new AdminClient(http, fake.RootUrl);

        var seeded = await admin.SeedMentionsAsync(
        [
            new SeededMention("citizen@mstdn.example", "市民", "@koho_test 公園の遊具が壊れています", Start.AddMinutes(1), IsReply: true),
            new SeededMention("neighbour", null, "@koho_test ありがとうございます", Start.AddMinutes(2)),
        ], Ct);
        await admin.SeedProfilesAsync([new SeededProfile("musashino_city_0fficial", "武蔵野市 公式"), new SeededProfile("tokyo_metro")], Ct);

        Assert.Equal(2, seeded.Count);
        Assert.Equal(2, (await admin.MentionsAsync(Ct)).Count);
        var watch = new MastodonConnector(http);
        var mentions = Assert.IsType<WatchResult<PlatformMention>.Ok>(await watch.ReadMentionsAsync(fake.CreateConnection(), Start, Ct)).Items;
        Assert.Equal(["citizen@mstdn.example", "neighbour"], mentions.Select(m => m.AuthorHandle));
        Assert.Equal([true, false], mentions.Select(m => m.IsReply));
        Assert.Equal(seeded.Select(p => p.Id), mentions.Select(m => m.ExternalId));
        var profile = Assert.Single(Assert.IsType<WatchResult<PlatformProfile>.Ok>(
            await watch.SearchAccountsAsync(fake.CreateConnection(), "MUSASHINO", 10, Ct)).Items);
        Assert.Equal("musashino_city_0fficial", profile.Handle);

        await admin.ResetAsync(Ct);
        Assert.Empty(fake.Mentions.All);
        Assert.Empty(fake.Profiles.All);
        Assert.Empty(Assert.IsType<WatchResult<PlatformMention>.Ok>(await watch.ReadMentionsAsync(fake.CreateConnection(), Start, Ct)).Items);
    }

    [Theory]
    [InlineData("""{"authorHandle":"a","text":"t","at":"2026-04-01T00:00:00Z"}""")] // not an array
    [InlineData("""[{"authorHandle":"a","text":"t"}]""")] // no time
    [InlineData("""[{"authorHandle":"a","text":"t","at":"yesterday"}]""")]
    [InlineData("""[{"authorHandle":"","text":"t","at":"2026-04-01T00:00:00Z"}]""")]
    [InlineData("""[{"authorHandle":"a","text":"t","at":"2026-04-01T00:00:00Z","isReply":"yes"}]""")]
    [InlineData("""[{"authorHandle":"a","text":"t","at":"2026-04-01T00:00:00Z","retweets":3}]""")] // unknown property
    public async Task Malformed_mentions_are_refused_as_a_whole(string body)
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        var good = """{"authorHandle":"ok","text":"t","at":"2026-04-01T00:00:00Z"}""";
        var payload = body.StartsWith('[') ? "[" + good + "," + body[1..] : body;

        using var response = await http.PostAsync(fake.RootUrl + "_fake/mentions", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Empty(fake.Mentions.All); // the good item before the bad one was not stored either
    }

    [Fact]
    public async Task Bluesky_refuses_to_seed_handles_that_cannot_exist_there()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();

        Assert.Throws<ArgumentException>(() => fake.SeedProfile("musashino_city_0fficial"));
        using var response = await http.PostAsJsonAsync(fake.RootUrl + "_fake/profiles",
            new[] { new { handle = "musashino-city.bsky.social" }, new { handle = "musashino_city" } }, Ct);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Empty(fake.Profiles.All); // the good one before the bad one was not stored either
        fake.SeedProfile("musashino-city-0fficial.bsky.social");
        Assert.Single(fake.Profiles.All);
    }

    [Fact]
    public async Task X_mentions_and_user_search_refuse_what_X_refuses()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        fake.SeedMention("citizen", "市民", "@koho_test こんにちは", Start);
        var mentions = $"2/users/{fake.AccountId}/mentions";

        var (status, body, _) = await Get(http, fake, mentions + "?expansions=author_id&tweet.fields=created_at,author_id");
        Assert.Equal(200, status);
        Assert.Equal("citizen", (string?)body!["includes"]!["users"]![0]!["username"]);
        Assert.Equal((string?)body["data"]![0]!["author_id"], (string?)body["includes"]!["users"]![0]!["id"]);

        foreach (var bad in new[] { "?max_results=4", "?exclude=replies", "?expansions=everything", "?user.fields=password", "?pagination_token=forged" })
            Assert.Equal(400, (await Get(http, fake, mentions + bad)).Status);
        Assert.Equal(401, (await Get(http, fake, mentions, authenticate: false)).Status);

        fake.SeedProfile("musashino_city_0fficial");
        fake.SeedProfile("musashino_city_1");
        (status, body, _) = await Get(http, fake, "2/users/search?query=musashino&max_results=1");
        Assert.Equal(200, status);
        var token = (string)body!["meta"]!["next_token"]!;
        (status, body, _) = await Get(http, fake, "2/users/search?query=musashino&max_results=1&next_token=" + Uri.EscapeDataString(token));
        Assert.Equal("musashino_city_1", (string?)body!["data"]![0]!["username"]);
        Assert.Null(body["meta"]!["next_token"]);
        foreach (var bad in new[] { "", "?query=", "?query=x&max_results=1001", "?query=other&next_token=" + Uri.EscapeDataString(token) })
            Assert.Equal(400, (await Get(http, fake, "2/users/search" + bad)).Status);
    }

    [Theory]
    [InlineData(Network.Facebook, "tagged?fields=id,message,from,created_time,permalink_url")]
    [InlineData(Network.Instagram, "tags?fields=id,caption,username,timestamp,permalink")]
    public async Task Graph_tag_edges_take_no_since_and_page_with_cursors(Network network, string edge)
    {
        await using var fake = await StartAsync(network);
        using var http = Http();
        for (var i = 0; i < 3; i++) fake.SeedMention($"citizen{i}", $"市民{i}", $"タグ {i}", Start.AddSeconds(i));

        var (status, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge}&limit=2");
        Assert.Equal(200, status);
        Assert.Equal(["タグ 2", "タグ 1"], body!["data"]!.AsArray().Select(d => (string?)d!["message"] ?? (string?)d["caption"]));
        var after = (string)body["paging"]!["cursors"]!["after"]!;
        (_, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge}&limit=2&after={Uri.EscapeDataString(after)}");
        Assert.Single(body!["data"]!.AsArray());
        Assert.Null(body["paging"]!["next"]);

        // The edges' parameter lists (facebook-Page.json, facebook-IGUser.json) have no since: Graph refuses it (error 100).
        (status, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge}&since=1775000000");
        Assert.Equal(400, status);
        Assert.Equal(100, (int?)body!["error"]!["code"]);
        (status, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge.Split('?')[0]}?fields=id,secret_field");
        Assert.Equal(100, (int?)body!["error"]!["code"]);
        (_, body, _) = await Get(http, fake, $"{fake.AccountId}/{edge}&after=forged");
        Assert.Equal(2642, (int?)body!["error"]!["code"]);
    }

    [Fact]
    public async Task Mastodon_notifications_link_the_next_page_whenever_a_page_is_not_empty_and_search_needs_q()
    {
        await using var fake = await StartAsync(Network.Mastodon);
        using var http = Http();
        for (var i = 0; i < 3; i++) fake.SeedMention($"citizen{i}", null, $"@koho_test 第{i}報", Start.AddSeconds(i));

        var (status, body, response) = await Get(http, fake, "api/v1/notifications?types[]=mention&limit=2");
        Assert.Equal(200, status);
        Assert.Equal(["mention", "mention"], body!.AsArray().Select(n => (string?)n!["type"]));
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", link);
        Assert.Contains("types%5B%5D=mention", link);
        var maxId = MastodonConnector.NextMaxId(link);
        Assert.Equal((string?)body[1]!["id"], maxId);

        (_, body, response) = await Get(http, fake, $"api/v1/notifications?types[]=mention&limit=2&max_id={maxId}");
        var last = Assert.Single(body!.AsArray())!;
        Assert.Equal("<p>@koho_test 第0報</p>", (string?)last["status"]!["content"]);
        Assert.NotNull(MastodonConnector.NextMaxId(response.Headers.GetValues("Link").Single())); // not empty: a next link still
        (_, body, response) = await Get(http, fake, $"api/v1/notifications?types[]=mention&limit=2&max_id={(string?)last["id"]}");
        Assert.Empty(body!.AsArray());
        Assert.False(response.Headers.Contains("Link"));

        (_, body, _) = await Get(http, fake, "api/v1/notifications?types[]=follow");
        Assert.Empty(body!.AsArray());
        Assert.Equal(400, (await Get(http, fake, "api/v2/search?type=accounts")).Status);
        Assert.Equal(401, (await Get(http, fake, "api/v1/notifications", authenticate: false)).Status);
    }

    [Fact]
    public async Task Bluesky_queries_check_their_parameters_against_the_lexicons_and_notifications_need_a_session()
    {
        await using var fake = await StartAsync(Network.Bluesky);
        using var http = Http();
        fake.SeedMention("citizen.bsky.social", "市民", "@koho-test.bsky.social こんにちは", Start, isReply: true);

        Assert.Equal(401, (await Get(http, fake, "xrpc/app.bsky.notification.listNotifications", authenticate: false)).Status);

        // searchActors needs no sign-in; its limit is 1–100 and must be an integer.
        fake.SeedProfile("musashino-city-0fficial.bsky.social", "武蔵野市 公式");
        var (status, body, _) = await Get(http, fake, "xrpc/app.bsky.actor.searchActors?q=musashino", authenticate: false);
        Assert.Equal(200, status);
        Assert.Equal("musashino-city-0fficial.bsky.social", (string?)body!["actors"]![0]!["handle"]);
        foreach (var bad in new[] { "limit=0", "limit=101", "limit=many" })
        {
            (status, body, _) = await Get(http, fake, "xrpc/app.bsky.actor.searchActors?q=musashino&" + bad, authenticate: false);
            Assert.Equal(400, status);
            Assert.Equal("InvalidRequest", (string?)body!["error"]);
        }
        (status, _, _) = await Get(http, fake, "xrpc/app.bsky.actor.searchActors?q=musashino&cursor=forged", authenticate: false);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Faults_reach_the_read_endpoints_only_with_scope_All()
    {
        await using var fake = await StartAsync(Network.X);
        using var http = Http();
        var x = new XConnector(http);
        fake.SeedMention("citizen", null, "@koho_test こんにちは", DateTimeOffset.UtcNow.AddMinutes(-1));

        fake.Faults.Configure(f => f.ServerErrorNext = 1); // scope Publish: reads are not affected
        Assert.IsType<WatchResult<PlatformMention>.Ok>(await x.ReadMentionsAsync(fake.CreateConnection(), DateTimeOffset.UtcNow.AddHours(-1), Ct));
        fake.Faults.Configure(f => f.Scope = FaultScope.All);
        Assert.IsType<WatchResult<PlatformMention>.Retry>(await x.ReadMentionsAsync(fake.CreateConnection(), DateTimeOffset.UtcNow.AddHours(-1), Ct));
        Assert.Contains(fake.Counters.Log, l => l.Operation == "GET /2/users/:id/mentions" && l.Fault == FaultKind.ServerError && l.Status == 503);
    }
}
