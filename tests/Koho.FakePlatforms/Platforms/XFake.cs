using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.FakePlatforms.Validation;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// X API v2: POST /2/tweets, POST /2/media/upload (multipart, images), POST /2/media/metadata (alt text),
/// GET /2/users/:id/tweets (paged: max_results, pagination_token, start_time/end_time, since_id/until_id),
/// DELETE /2/tweets/:id; for watching, GET /2/users/:id/mentions (paged the same way, authors in includes.users) and
/// GET /2/users/search (next_token). Errors use X's problem shape ({"title","detail","type","status"} or {"errors":[…]});
/// every answer carries x-rate-limit-limit/-remaining/-reset.
/// Read back, tweet text is as X returns it: &amp;, &lt;, &gt; escaped and links rewritten to t.co.
/// </summary>
internal sealed partial class XFake(FakePlatformServer server) : PlatformHandler(server)
{
    private const string InvalidRequest = "https://api.twitter.com/2/problems/invalid-request";

    private static readonly HashSet<string> TweetFields =
        ["text", "media", "poll", "reply", "quote_tweet_id", "reply_settings", "for_super_followers_only", "direct_message_deep_link",
         "geo", "nullcast", "card_uri", "community_id", "made_with_ai", "paid_partnership", "share_with_followers"];

    private static readonly HashSet<string> TimelineParameters =
        ["max_results", "pagination_token", "since_id", "until_id", "start_time", "end_time", "exclude", "expansions",
         "tweet.fields", "user.fields", "media.fields", "place.fields", "poll.fields"];

    private static readonly HashSet<string> KnownTweetFields =
        ["article", "attachments", "author_id", "card_uri", "community_id", "context_annotations", "conversation_id", "created_at",
         "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang",
         "media_metadata", "note_tweet", "possibly_sensitive", "public_metrics", "referenced_tweets", "reply_settings", "scopes",
         "source", "text", "withheld"];

    /// <summary>GET /2/users/:id/mentions takes the timeline's parameters but <c>exclude</c>.</summary>
    private static readonly HashSet<string> MentionsParameters =
        ["max_results", "pagination_token", "since_id", "until_id", "start_time", "end_time", "expansions",
         "tweet.fields", "user.fields", "media.fields", "place.fields", "poll.fields"];

    private static readonly HashSet<string> UserSearchParameters = ["query", "max_results", "next_token", "user.fields", "expansions", "tweet.fields"];

    private static readonly HashSet<string> KnownTweetExpansions =
        ["affiliation.user_id", "article.cover_media", "article.media_entities", "attachments.media_keys", "attachments.media_source_tweet",
         "attachments.poll_ids", "author_id", "edit_history_tweet_ids", "entities.mentions.username", "entities.note.mentions.username",
         "geo.place_id", "in_reply_to_user_id", "referenced_tweets.id", "referenced_tweets.id.attachments.media_keys", "referenced_tweets.id.author_id"];

    private static readonly HashSet<string> KnownUserExpansions = ["affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id"];

    private static readonly HashSet<string> KnownUserFields =
        ["affiliation", "confirmed_email", "connection_status", "created_at", "description", "entities", "id", "is_identity_verified",
         "location", "most_recent_tweet_id", "name", "parody", "pinned_tweet_id", "profile_banner_url", "profile_image_url", "protected",
         "public_metrics", "receives_your_dm", "subscription", "subscription_type", "url", "username", "verified",
         "verified_followers_count", "verified_type", "withheld"];

    /// <summary>X's snowflake epoch (2010-11-04T01:42:54.657Z).</summary>
    private const long TwitterEpochMs = 1288834974657;

    private const long UserIdBase = 1_000_000_000_000_000_000;

    /// <summary>The account's own username, for the author of its own posts.</summary>
    private const string OwnUsername = "koho_test";

    /// <summary>X serves only the most recent 800 mentions, whatever the paging.</summary>
    internal const int MentionsDepth = 800;

    private readonly TwitterTextConfig _config =
        SpecCache.Get(SpecFiles.File(server.SpecsDirectory, "twitter-text-config-v3.json"), TwitterTextConfig.Load);

    public override string AccountId => Options.AccountId ?? "1700000000000000001";

    public override IReadOnlyDictionary<string, string> Secrets() => new Dictionary<string, string> { ["bearerToken"] = Options.Token };

    public override string Operation(FakeRequest r) => (r.Method, r.Path) switch
    {
        ("POST", "/2/tweets") => "POST /2/tweets",
        ("POST", "/2/media/upload") => "POST /2/media/upload",
        ("POST", "/2/media/metadata") => "POST /2/media/metadata",
        ("DELETE", var p) when p.StartsWith("/2/tweets/", StringComparison.Ordinal) => "DELETE /2/tweets/:id",
        ("GET", var p) when TimelinePath().IsMatch(p) => "GET /2/users/:id/tweets",
        ("GET", "/2/users/search") => "GET /2/users/search",
        ("GET", var p) when MentionsPath().IsMatch(p) => "GET /2/users/:id/mentions",
        _ => r.Method + " " + r.Path,
    };

    public override bool IsPublish(string operation) => operation == "POST /2/tweets";

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        if (r.Bearer != Options.Token)
            return Task.FromResult(Problem(401, "Unauthorized", "Unauthorized", "about:blank"));
        return Task.FromResult(operation switch
        {
            "POST /2/tweets" => Create(r),
            "POST /2/media/upload" => Upload(r),
            "POST /2/media/metadata" => Metadata(r),
            "GET /2/users/:id/tweets" => Timeline(r),
            "GET /2/users/:id/mentions" => MentionTimeline(r),
            "GET /2/users/search" => UserSearch(r),
            "DELETE /2/tweets/:id" => Delete(r),
            _ => Problem(404, "Not Found Error", "Sorry, that page does not exist.", "https://api.twitter.com/2/problems/resource-not-found"),
        });
    }

    private FakeResponse Create(FakeRequest r)
    {
        if (!r.IsJson) return Invalid("Content-Type must be application/json");
        if (r.JsonBody() is not { } body) return Invalid("The request body is not a valid JSON object");
        foreach (var (name, _) in body)
        {
            if (!TweetFields.Contains(name)) return Invalid($"$.{name}: is not defined in the schema and the schema does not allow additional properties");
        }
        var text = body["text"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (body["text"] is not null && text is null) return Invalid("$.text: string found, but expected a string");
        if (string.IsNullOrEmpty(text) && body["media"] is null) return Invalid("$.text: The `text` field is required when `media` is not present");
        text ??= "";
        var media = new JsonArray();
        if (body["media"] is JsonObject mediaObject)
        {
            if (mediaObject.Any(kv => kv.Key is not ("media_ids" or "tagged_user_ids")))
                return Invalid("$.media: only media_ids and tagged_user_ids are allowed");
            if (mediaObject["media_ids"] is not JsonArray ids || ids.Count is < 1 or > 4)
                return Invalid("$.media.media_ids: between 1 and 4 media ids are required");
            foreach (var given in ids)
            {
                if (given is not JsonValue v2 || !v2.TryGetValue<string>(out var mediaId) || !_media.TryGetValue(mediaId, out var uploaded))
                    return Invalid($"$.media.media_ids: {given?.ToJsonString()} is not media uploaded by this user");
                media.Add(new JsonObject { ["id"] = mediaId, ["content_type"] = uploaded.ContentType, ["alt_text"] = uploaded.AltText });
            }
        }
        else if (body["media"] is not null) return Invalid("$.media: must be an object");

        var length = TextLength.Tweet(text, _config);
        if (text.Length > 0 && !length.Valid)
            return Problem(400, "Invalid Request", $"Tweet text is too long or invalid (weighted length {length.WeightedLength} > {_config.MaxWeightedTweetLength}).", InvalidRequest);

        var since = Now - Options.DuplicateWindow;
        if (Server.Posts.Active.Any(p => p.Text == text && p.At >= since)) return Duplicate(r)!;

        var id = NextId(1_800_000_000_000_000_000);
        Server.Posts.Add(new FakePost(id, text!, null, Now, false, new JsonObject { ["media"] = media }));
        return FakeResponse.Json(201, new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = id, ["text"] = Rendered(text!, id), ["edit_history_tweet_ids"] = new JsonArray(id) },
        });
    }

    private sealed record UploadedMedia(string ContentType, long Size, string? AltText);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, UploadedMedia> _media = new();

    private FakeResponse Upload(FakeRequest r)
    {
        if (r.Form is null) return Invalid("The request must be multipart/form-data");
        var file = r.Form.Files.GetFile("media");
        if (file is null || file.Length == 0) return Invalid("$.media: a media file is required");
        var category = r.Form["media_category"].ToString();
        if (category is not ("" or "tweet_image")) return Invalid($"$.media_category: [{category}] is not supported by this fake (tweet_image)");
        if (!file.ContentType.StartsWith("image/", StringComparison.Ordinal)) return Invalid("$.media: not an image");
        if (file.Length > 5 * 1024 * 1024) return Invalid("$.media: images must be at most 5 MB");
        var id = NextId(1_900_000_000_000_000_000);
        _media[id] = new UploadedMedia(file.ContentType, file.Length, null);
        return FakeResponse.Json(200, new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = id, ["media_key"] = "3_" + id, ["size"] = file.Length, ["expires_after_secs"] = 86400 },
        });
    }

    private FakeResponse Metadata(FakeRequest r)
    {
        if (!r.IsJson || r.JsonBody() is not { } body) return Invalid("The request body must be a JSON object");
        if (body.Any(kv => kv.Key is not ("id" or "metadata"))) return Invalid("Only id and metadata are allowed");
        var id = (string?)body["id"];
        if (id is null || !_media.TryGetValue(id, out var media)) return Invalid($"$.id: [{id}] is not media uploaded by this user");
        if (body["metadata"]?["alt_text"]?["text"] is not JsonValue alt || !alt.TryGetValue<string>(out var altText))
            return Invalid("$.metadata.alt_text.text: required");
        if (altText.Length > 1000) return Invalid("$.metadata.alt_text.text: at most 1000 characters");
        _media[id] = media with { AltText = altText };
        return FakeResponse.Json(200, new JsonObject { ["data"] = new JsonObject { ["associated_metadata"] = body["metadata"]!.DeepClone() } });
    }

    /// <summary>X serves only a user's most recent 3,200 posts through the timeline, whatever the paging.</summary>
    internal const int TimelineDepth = 3200;

    /// <summary>X's RFC 3339 timestamps; the earliest X accepts.</summary>
    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private static readonly DateTimeOffset EarliestTime = new(2010, 11, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// GET /2/users/:id/tweets: newest first, <c>max_results</c> 5–100 (default 10), <c>start_time</c>/<c>end_time</c>
    /// (RFC 3339, second granularity, inclusive), <c>since_id</c>/<c>until_id</c> (exclusive), and
    /// <c>pagination_token</c> from the previous page's <c>meta.next_token</c> (absent on the last page). Only the
    /// most recent <see cref="TimelineDepth"/> posts can be reached.
    /// </summary>
    private FakeResponse Timeline(FakeRequest r) => TweetPage(r, mentions: false);

    /// <summary>
    /// GET /2/users/:id/mentions: the seeded posts mentioning the account (<see cref="FakePlatformServer.Mentions"/>),
    /// paged like the timeline (its parameters but <c>exclude</c>); only the most recent <see cref="MentionsDepth"/>
    /// can be reached. With <c>expansions=author_id</c> the authors come in <c>includes.users</c>.
    /// </summary>
    private FakeResponse MentionTimeline(FakeRequest r) => TweetPage(r, mentions: true);

    private FakeResponse TweetPage(FakeRequest r, bool mentions)
    {
        var allowed = mentions ? MentionsParameters : TimelineParameters;
        foreach (var (name, _) in r.Query)
        {
            if (!allowed.Contains(name))
                return Invalid($"The query parameters [{name}] is not one of [{string.Join(",", allowed)}]");
        }
        var max = 10;
        if (r.QueryValue("max_results") is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 5 or > 100))
            return Invalid($"The `max_results` query parameter value [{m}] is not between 5 and 100", "max_results", m);
        var fields = (r.QueryValue("tweet.fields") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.FirstOrDefault(f => !KnownTweetFields.Contains(f)) is { } unknown)
            return Invalid($"The `tweet.fields` query parameter value [{unknown}] is not one of [{string.Join(",", KnownTweetFields)}]");
        if (CheckList(r, "expansions", KnownTweetExpansions, out var expansions) is { } badExpansion) return badExpansion;
        if (CheckList(r, "user.fields", KnownUserFields, out var userFields) is { } badUserField) return badUserField;

        DateTimeOffset? start = null, end = null;
        foreach (var name in new[] { "start_time", "end_time" })
        {
            if (r.QueryValue(name) is not { } value) continue;
            if (!DateTimeOffset.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                return Invalid($"Invalid '{name}':'{value}'. '{name}' must be a valid RFC 3339 timestamp (YYYY-MM-DDTHH:mm:ssZ).", name, value);
            if (t < EarliestTime)
                return Invalid($"Invalid '{name}':'{value}'. '{name}' must be on or after {EarliestTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", name, value);
            // Second granularity: the fraction is dropped, and both ends are inclusive.
            t = new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            if (name == "start_time") start = t;
            else end = t.AddSeconds(1).AddTicks(-1);
        }
        if (start > end) return Invalid("Invalid 'start_time'. 'start_time' must be before 'end_time'", "start_time", r.QueryValue("start_time")!);
        decimal? sinceId = null, untilId = null;
        foreach (var name in new[] { "since_id", "until_id" })
        {
            if (r.QueryValue(name) is not { } value) continue;
            if (!decimal.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return Invalid($"The `{name}` query parameter value [{value}] does not match ^[0-9]{{1,19}}$", name, value);
            if (name == "since_id") sinceId = id;
            else untilId = id;
        }
        var store = mentions ? Server.Mentions : Server.Posts;
        var kind = mentions ? "x-mentions" : "x-timeline";
        Paging.Key? after = null;
        if (r.QueryValue("pagination_token") is { } token)
        {
            if (!Paging.TryRead(kind, token, store, out var key))
                return Invalid($"The `pagination_token` query parameter value [{token}] is not valid", "pagination_token", token);
            after = key;
        }

        var userId = (mentions ? MentionsPath() : TimelinePath()).Match(r.Path).Groups[1].Value;
        List<Paging.Entry> matching = userId != AccountId ? [] : [.. Paging.NewestFirst(store)
            .Take(mentions ? MentionsDepth : TimelineDepth)
            .Where(e => (start is null || e.Post.At >= start) && (end is null || e.Post.At <= end))
            .Where(e => (sinceId is null || Numeric(e.Post.Id) > sinceId) && (untilId is null || Numeric(e.Post.Id) < untilId))
            .Where(e => after is null || Paging.IsOlder(e, after.Value))];
        var tweets = matching.Take(max).ToList();
        if (tweets.Count == 0) return FakeResponse.Json(200, new JsonObject { ["meta"] = new JsonObject { ["result_count"] = 0 } });
        var data = new JsonArray();
        var users = new Dictionary<string, JsonObject>();
        foreach (var p in tweets.Select(e => e.Post))
        {
            var tweet = new JsonObject { ["id"] = p.Id, ["text"] = Rendered(p.Text, p.Id), ["edit_history_tweet_ids"] = new JsonArray(p.Id) };
            if (fields.Contains("created_at")) tweet["created_at"] = p.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var authorId = mentions ? (string)p.Data!["authorId"]! : AccountId;
            if (fields.Contains("author_id")) tweet["author_id"] = authorId;
            if (fields.Contains("conversation_id")) tweet["conversation_id"] = (string?)p.Data?["conversationId"] ?? p.Id;
            if (fields.Contains("in_reply_to_user_id") && p.Data?["isReply"] is JsonValue reply && reply.GetValue<bool>()) tweet["in_reply_to_user_id"] = AccountId;
            data.Add(tweet);
            if (expansions.Contains("author_id") && !users.ContainsKey(authorId))
            {
                var (username, name) = mentions ? ((string)p.Data!["authorHandle"]!, (string?)p.Data["authorName"]) : (OwnUsername, OwnUsername);
                users[authorId] = User(authorId, username, name, userFields);
            }
        }
        var meta = new JsonObject { ["result_count"] = tweets.Count, ["newest_id"] = tweets[0].Post.Id, ["oldest_id"] = tweets[^1].Post.Id };
        if (matching.Count > tweets.Count) meta["next_token"] = Paging.Cursor(kind, tweets[^1]);
        var body = new JsonObject { ["data"] = data };
        if (users.Count > 0) body["includes"] = new JsonObject { ["users"] = new JsonArray([.. users.Values]) };
        body["meta"] = meta;
        return FakeResponse.Json(200, body);
    }

    /// <summary>
    /// GET /2/users/search: the seeded accounts whose username or name contains <c>query</c> (required), ignoring
    /// case; <c>max_results</c> 1–1000 (default 100); <c>next_token</c> from the previous page's <c>meta.next_token</c>.
    /// </summary>
    private FakeResponse UserSearch(FakeRequest r)
    {
        foreach (var (name, _) in r.Query)
        {
            if (!UserSearchParameters.Contains(name))
                return Invalid($"The query parameters [{name}] is not one of [{string.Join(",", UserSearchParameters)}]");
        }
        var query = r.QueryValue("query");
        if (string.IsNullOrWhiteSpace(query)) return Invalid("The `query` query parameter can not be empty", "query", query ?? "");
        var max = 100;
        if (r.QueryValue("max_results") is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > 1000))
            return Invalid($"The `max_results` query parameter value [{m}] is not between 1 and 1000", "max_results", m);
        if (CheckList(r, "user.fields", KnownUserFields, out var userFields) is { } badUserField) return badUserField;
        if (CheckList(r, "expansions", KnownUserExpansions, out _) is { } badExpansion) return badExpansion;
        if (r.QueryValue("tweet.fields") is { } tf && tf.Split(',', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => !KnownTweetFields.Contains(f)) is { } unknown)
            return Invalid($"The `tweet.fields` query parameter value [{unknown}] is not one of [{string.Join(",", KnownTweetFields)}]");
        var offset = 0;
        if (r.QueryValue("next_token") is { } token && !Paging.TryReadOffset("x-users-search", query, token, out offset))
            return Invalid($"The `next_token` query parameter value [{token}] is not valid", "next_token", token);

        var matching = Server.Profiles.Search(query);
        var page = matching.Skip(offset).Take(max).ToList();
        var meta = new JsonObject { ["result_count"] = page.Count };
        if (offset + page.Count < matching.Count) meta["next_token"] = Paging.OffsetCursor("x-users-search", query, offset + page.Count);
        var body = new JsonObject();
        if (page.Count > 0) body["data"] = new JsonArray([.. page.Select(p => (JsonNode)User(p.Id, p.Handle, p.DisplayName ?? p.Handle, userFields))]);
        body["meta"] = meta;
        return FakeResponse.Json(200, body);
    }

    /// <summary>A user object: id, name and username always (X's defaults), other requested fields where the fake knows them.</summary>
    private static JsonObject User(string id, string username, string? name, IReadOnlyCollection<string> fields)
    {
        var user = new JsonObject { ["id"] = id, ["name"] = name ?? username, ["username"] = username };
        if (fields.Contains("url")) user["url"] = "";
        if (fields.Contains("protected")) user["protected"] = false;
        if (fields.Contains("verified")) user["verified"] = false;
        return user;
    }

    /// <summary>A comma-separated list parameter whose values must all be known; null when it is fine.</summary>
    private static FakeResponse? CheckList(FakeRequest r, string parameter, HashSet<string> known, out HashSet<string> values)
    {
        values = [.. (r.QueryValue(parameter) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)];
        if (values.FirstOrDefault(v => !known.Contains(v)) is { } unknown)
            return Invalid($"The `{parameter}` query parameter value [{unknown}] is not one of [{string.Join(",", known)}]", parameter, unknown);
        return null;
    }

    public override FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        var id = TimeId(at, TwitterEpochMs, 22);
        var data = MentionData(authorHandle, authorName, isReply);
        data["authorId"] = NumericId(authorHandle, UserIdBase);
        // A reply belongs to the conversation of one of the account's posts; a plain mention starts its own.
        data["conversationId"] = isReply ? TimeId(at.AddMinutes(-5), TwitterEpochMs, 22) : id;
        return new FakePost(id, text, null, at, false, data);
    }

    public override FakeProfile NewProfile(string handle, string? displayName) => new(NumericId(handle, UserIdBase), handle, displayName);

    private static decimal Numeric(string id) =>
        decimal.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    public override FakePost Seed(string text, DateTimeOffset at)
    {
        var post = new FakePost(NextId(1_800_000_000_000_000_000), text, null, at, false, new JsonObject { ["media"] = new JsonArray() });
        Server.Posts.Add(post);
        return post;
    }

    private FakeResponse Delete(FakeRequest r)
    {
        var id = r.Path["/2/tweets/".Length..];
        return Server.Posts.MarkDeleted(id)
            ? FakeResponse.Json(200, new JsonObject { ["data"] = new JsonObject { ["deleted"] = true } })
            : Problem(404, "Not Found Error", $"Could not find tweet with id: [{id}].", "https://api.twitter.com/2/problems/resource-not-found");
    }

    public override FakeResponse RateLimited(RateLimitWindow.State state) => Problem(429, "Too Many Requests", "Too Many Requests", "about:blank");

    public override FakeResponse ServerError() => Problem(503, "Service Unavailable", "Service Unavailable", "about:blank");

    public override FakeResponse? Duplicate(FakeRequest request) =>
        Problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.", "about:blank");

    public override void AddRateLimitHeaders(FakeResponse response, RateLimitWindow.State state)
    {
        response.Headers["x-rate-limit-limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-reset"] = Epoch(state.ResetAt);
    }

    public override void Reset() => _media.Clear();

    private static FakeResponse Problem(int status, string title, string detail, string type) =>
        FakeResponse.Json(status, new JsonObject { ["title"] = title, ["detail"] = detail, ["type"] = type, ["status"] = status });

    /// <summary>X's 400: the errors name the parameter and the value given, when there is one.</summary>
    private static FakeResponse Invalid(string message, string? parameter = null, string? value = null) => FakeResponse.Json(400, new JsonObject
    {
        ["errors"] = new JsonArray(parameter is null
            ? new JsonObject { ["message"] = message }
            : new JsonObject { ["parameters"] = new JsonObject { [parameter] = new JsonArray(value) }, ["message"] = message }),
        ["title"] = "Invalid Request",
        ["detail"] = "One or more parameters to your request was invalid.",
        ["type"] = InvalidRequest,
    });

    /// <summary>As X shows text back: HTML-escaped, every link a t.co link.</summary>
    private static string Rendered(string text, string id)
    {
        var escaped = text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        var n = 0;
        var result = escaped;
        foreach (var (start, length) in TextLength.Urls(escaped).Reverse())
            result = result[..start] + "https://t.co/" + ShortCode(id, n++) + result[(start + length)..];
        return result;
    }

    private static string ShortCode(string id, int n) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id + ":" + n)))[..10].ToLowerInvariant();

    [GeneratedRegex(@"^/2/users/([^/]+)/tweets$")]
    private static partial Regex TimelinePath();

    [GeneratedRegex(@"^/2/users/([^/]+)/mentions$")]
    private static partial Regex MentionsPath();
}
