using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// Instagram content publishing: POST /{ig-user-id}/media creates a container (image or carousel), GET
/// /{container-id}?fields=status_code reports IN_PROGRESS for <see cref="FaultSettings.ContainerInProgressPolls"/>
/// checks and then <see cref="FaultSettings.ContainerFinalStatus"/>, POST /{ig-user-id}/media_publish publishes a
/// FINISHED container once; GET /{ig-user-id}/media lists media newest first, cursor-paginated, with since/until;
/// GET /{ig-user-id}/tags lists media by others that tag the account, paged the same way.
/// Parameters are checked against facebook-IGUser.json.
/// </summary>
internal sealed partial class InstagramFake(FakePlatformServer server) : GraphFake(server, "facebook-IGUser.json")
{
    private static readonly HashSet<string> ContainerFields = ["id", "status_code", "status"];

    private static readonly HashSet<string> MediaFields =
        ["id", "caption", "media_type", "media_url", "permalink", "timestamp", "username", "like_count", "comments_count",
         "shortcode", "is_comment_enabled", "alt_text", "media_product_type", "thumbnail_url", "owner", "children"];

    private sealed class Container
    {
        public required string Id { get; init; }
        public string? ImageUrl { get; init; }
        public string? Caption { get; init; }
        public string? AltText { get; init; }
        public bool CarouselItem { get; init; }
        public List<string> Children { get; init; } = [];
        public required DateTimeOffset CreatedAt { get; init; }
        public required string FinalStatus { get; init; }
        public int InProgressLeft;
        public bool Published;
    }

    private readonly ConcurrentDictionary<string, Container> _containers = new();

    public override string AccountId => Options.AccountId ?? "17841400000000001";

    protected override string UsageType => "instagram";

    public override IReadOnlyDictionary<string, string> Secrets() => new Dictionary<string, string> { ["accessToken"] = Options.Token };

    public override string Operation(FakeRequest r)
    {
        var (id, edge) = Route(r.Path);
        return (r.Method, edge) switch
        {
            ("POST", "media") => "POST media",
            ("POST", "media_publish") => "POST media_publish",
            ("GET", "media") => "GET media",
            ("GET", "tags") => "GET tags",
            ("GET", "") when _containers.ContainsKey(id) => "GET container",
            ("GET", "") => "GET object",
            ("DELETE", "") => "DELETE object",
            _ => r.Method + " " + r.Path,
        };
    }

    public override bool IsPublish(string operation) => operation == "POST media_publish";

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        var parameters = Parameters(r);
        if (CheckToken(r, parameters) is { } denied) return Task.FromResult(denied);
        if (r.Method == "POST" && !PostBodyOk(r)) return Task.FromResult(Error(400, 100, "(#100) The request body must be form-encoded or JSON"));
        var (id, _) = Route(r.Path);
        if (operation is "POST media" or "POST media_publish" or "GET media" or "GET tags" && id != AccountId) return Task.FromResult(NoSuchObject(id));
        return Task.FromResult(operation switch
        {
            "POST media" => CreateContainer(parameters),
            "POST media_publish" => Publish(parameters),
            "GET media" => List(r, parameters),
            "GET tags" => Tags(r, parameters),
            "GET container" => ContainerStatus(id, parameters),
            "GET object" => GetMedia(id, parameters),
            "DELETE object" => Server.Posts.MarkDeleted(id) ? FakeResponse.Json(200, new JsonObject { ["success"] = true }) : NoSuchObject(id),
            _ => Error(400, 100, $"Unknown path components: {r.Path}"),
        });
    }

    private FakeResponse CreateContainer(Dictionary<string, string> p)
    {
        if (CheckParameters("POST", "media", p) is { } invalid) return invalid;
        var faults = Server.Faults.Current;
        var mediaType = p.GetValueOrDefault("media_type");
        var caption = p.GetValueOrDefault("caption");
        if (caption is not null)
        {
            if (caption.Length > 2200) return Error(400, 100, "(#100) The caption is too long (2,200 characters at most).", 2207010);
            if (Hashtag().Count(caption) > 30) return Error(400, 100, "(#100) A caption can have at most 30 hashtags.", 2207010);
            if (Mention().Count(caption) > 20) return Error(400, 100, "(#100) A caption can have at most 20 @ mentions.", 2207010);
        }

        Container container;
        switch (mediaType)
        {
            case "CAROUSEL":
                var children = (p.GetValueOrDefault("children") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                if (children.Count is < 2 or > 10) return Error(400, 100, "(#100) A carousel needs 2 to 10 children.");
                if (children.FirstOrDefault(c => !_containers.TryGetValue(c, out var child) || !child.CarouselItem) is { } bad)
                    return Error(400, 100, $"(#100) The child {bad} is not a carousel item container.", 2207025);
                if (p.ContainsKey("image_url")) return Error(400, 100, "(#100) A carousel container takes children, not image_url.");
                container = NewContainer(null, caption, null, false, children, faults);
                break;
            case null or "IMAGE":
                if (!p.TryGetValue("image_url", out var url)) return Error(400, 100, "(#100) The parameter image_url is required");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    return Error(400, 9004, "The media could not be fetched from this URI: " + url, 2207052);
                var item = p.GetValueOrDefault("is_carousel_item") is "true" or "1";
                if (item && caption is not null) return Error(400, 100, "(#100) Carousel items take no caption.");
                container = NewContainer(url, caption, p.GetValueOrDefault("alt_text"), item, [], faults);
                break;
            default:
                return Error(400, 100, $"(#100) media_type {mediaType} is not supported by this fake (IMAGE, CAROUSEL).");
        }
        _containers[container.Id] = container;
        return FakeResponse.Json(200, new JsonObject { ["id"] = container.Id });
    }

    private Container NewContainer(string? url, string? caption, string? alt, bool item, List<string> children, FaultSettings faults) => new()
    {
        Id = NextId(17_900_000_000_000_000),
        ImageUrl = url,
        Caption = caption,
        AltText = alt,
        CarouselItem = item,
        Children = children,
        CreatedAt = Now,
        FinalStatus = faults.ContainerFinalStatus,
        InProgressLeft = faults.ContainerInProgressPolls,
    };

    /// <summary>The status a check sees now; a check while processing uses up one IN_PROGRESS answer.</summary>
    private string StatusOf(Container c, bool consume)
    {
        lock (c)
        {
            if (c.Published) return "PUBLISHED";
            if (Now - c.CreatedAt > TimeSpan.FromHours(24)) return "EXPIRED";
            if (c.InProgressLeft > 0)
            {
                if (consume) c.InProgressLeft--;
                return "IN_PROGRESS";
            }
            return c.FinalStatus;
        }
    }

    private FakeResponse ContainerStatus(string id, Dictionary<string, string> p)
    {
        if (CheckFields(p.GetValueOrDefault("fields"), ContainerFields, "ShadowIGMediaBuilder") is { } badField) return badField;
        var status = StatusOf(_containers[id], consume: true);
        var body = new JsonObject { ["status_code"] = status, ["id"] = id };
        if (status == "ERROR") body["status"] = "Error: Media upload has failed with error code 2207003";
        return FakeResponse.Json(200, body);
    }

    private FakeResponse Publish(Dictionary<string, string> p)
    {
        if (CheckParameters("POST", "media_publish", p) is { } invalid) return invalid;
        if (!_containers.TryGetValue(p["creation_id"], out var container) || container.CarouselItem)
            return Error(400, 100, "(#100) Param creation_id is not a container of this account", 2207006);
        var status = StatusOf(container, consume: false);
        // The container was used already: Instagram refuses to publish it again (a fake's choice of error).
        if (status == "PUBLISHED") return Error(400, 9007, "The media has already been published", 2207008);
        if (status != "FINISHED") return Error(400, 9007, "Media ID is not available", 2207027);
        lock (container) container.Published = true;

        var mediaId = NextId(18_000_000_000_000_000);
        var shortcode = Shortcode(mediaId);
        var images = container.Children.Count > 0
            ? new JsonArray([.. container.Children.Select(c => (JsonNode?)_containers[c].ImageUrl)])
            : new JsonArray(container.ImageUrl);
        Server.Posts.Add(new FakePost(mediaId, container.Caption ?? "", null, Now, false, new JsonObject
        {
            ["permalink"] = $"https://www.instagram.com/p/{shortcode}/",
            ["container"] = container.Id,
            ["images"] = images,
            ["alt_text"] = container.AltText,
        }));
        return FakeResponse.Json(200, new JsonObject { ["id"] = mediaId });
    }

    /// <summary>
    /// GET /{ig-user-id}/media: the account's media newest first, cursor-paginated (limit ≤ 100), restricted to
    /// <c>since</c>/<c>until</c> (a Unix time or an ISO 8601 date; both inclusive) when given.
    /// </summary>
    private FakeResponse List(FakeRequest r, Dictionary<string, string> p)
    {
        if (CheckParameters("GET", "media", p) is { } invalid) return invalid;
        if (CheckFields(p.GetValueOrDefault("fields"), MediaFields, "IGMedia") is { } badField) return badField;
        DateTimeOffset? since = null, until = null;
        foreach (var name in new[] { "since", "until" })
        {
            if (!p.TryGetValue(name, out var value)) continue;
            if (!TryGraphTime(value, out var t)) return Error(400, 100, $"(#100) Param {name} must be a valid datetime");
            if (name == "since") since = t;
            else until = t;
        }
        var fields = (p.GetValueOrDefault("fields") ?? "id").Split(',', StringSplitOptions.TrimEntries);
        var timeline = Paging.NewestFirst(Server.Posts).Where(e => (since is null || e.Post.At >= since) && (until is null || e.Post.At <= until)).ToList();
        return CursorPage(r, p, "ig-media", timeline, m => Media(m, fields));
    }

    /// <summary>
    /// GET /{ig-user-id}/tags: media by others in which the account is tagged (<see cref="FakePlatformServer.Mentions"/>),
    /// newest first, cursor-paginated (limit ≤ 100). The edge takes no parameters of its own in facebook-IGUser.json
    /// (no since/until); <c>username</c> is the owner's.
    /// </summary>
    private FakeResponse Tags(FakeRequest r, Dictionary<string, string> p)
    {
        if (CheckParameters("GET", "tags", p) is { } invalid) return invalid;
        if (CheckFields(p.GetValueOrDefault("fields"), MediaFields, "IGMedia") is { } badField) return badField;
        var fields = (p.GetValueOrDefault("fields") ?? "id").Split(',', StringSplitOptions.TrimEntries);
        return CursorPage(r, p, "ig-tags", Paging.NewestFirst(Server.Mentions), m =>
        {
            var o = Media(m, fields);
            if (fields.Contains("username")) o["username"] = (string)m.Data!["authorHandle"]!;
            return o;
        }, Server.Mentions);
    }

    public override FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        var mediaId = TimeId(at, 0, 16);
        var data = MentionData(authorHandle, authorName, isReply);
        data["permalink"] = $"https://www.instagram.com/p/{Shortcode(mediaId)}/";
        data["images"] = new JsonArray("https://koho.example.jp/media/tagged.png");
        return new FakePost(mediaId, text, null, at, false, data);
    }

    /// <summary>Graph's datetime parameters: a Unix time in seconds, or a date Graph's strtotime reads (ISO 8601 here).</summary>
    private static bool TryGraphTime(string value, out DateTimeOffset time)
    {
        if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var unix)
            && unix is >= 0 and <= 253402300799)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(unix);
            return true;
        }
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out time) && value.Contains('-');
    }

    public override FakePost Seed(string text, DateTimeOffset at)
    {
        var mediaId = NextId(18_000_000_000_000_000);
        var post = new FakePost(mediaId, text, null, at, false, new JsonObject
        {
            ["permalink"] = $"https://www.instagram.com/p/{Shortcode(mediaId)}/",
            ["images"] = new JsonArray("https://koho.example.jp/media/seeded.png"),
        });
        Server.Posts.Add(post);
        return post;
    }

    private FakeResponse GetMedia(string id, Dictionary<string, string> p)
    {
        if (CheckFields(p.GetValueOrDefault("fields"), MediaFields, "IGMedia") is { } badField) return badField;
        var media = Server.Posts.Find(id);
        if (media is null || media.Deleted) return NoSuchObject(id);
        return FakeResponse.Json(200, Media(media, (p.GetValueOrDefault("fields") ?? "id").Split(',', StringSplitOptions.TrimEntries)));
    }

    private static JsonObject Media(FakePost m, string[] fields)
    {
        var o = new JsonObject();
        if (fields.Contains("id")) o["id"] = m.Id;
        if (fields.Contains("caption") && m.Text.Length > 0) o["caption"] = m.Text;
        if (fields.Contains("timestamp")) o["timestamp"] = GraphTime(m.At);
        if (fields.Contains("permalink")) o["permalink"] = (string?)m.Data?["permalink"];
        if (fields.Contains("media_type")) o["media_type"] = m.Data?["images"]?.AsArray().Count > 1 ? "CAROUSEL_ALBUM" : "IMAGE";
        if (!fields.Contains("id")) o["id"] = m.Id; // Graph always returns the id
        return o;
    }

    private static string Shortcode(string mediaId) =>
        Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mediaId)))[..11].Replace('/', '_').Replace('+', '-');

    public override FakeResponse RateLimited(RateLimitWindow.State state) => Error(400, 4, "(#4) Application request limit reached", transient: true);

    public override void Reset() => _containers.Clear();

    [GeneratedRegex(@"#\w+")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Mention();
}
