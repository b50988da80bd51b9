using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// Facebook Page publishing: POST /{page-id}/feed (message, attached_media of unpublished photos), POST
/// /{page-id}/photos, GET /{page-id}/published_posts and /feed (newest first, cursor-paginated), DELETE /{post-id}, and
/// GET /{page-id}/tagged (posts by others tagging the Page, paged the same way). Parameters are checked against
/// facebook-Page.json. Identical text within the duplicate window is error 506; throttling is error 32 with the usage headers.
/// </summary>
internal sealed class FacebookFake(FakePlatformServer server) : GraphFake(server, "facebook-Page.json")
{
    private static readonly HashSet<string> PagePostFields =
        ["id", "message", "created_time", "updated_time", "permalink_url", "from", "story", "full_picture", "attachments",
         "is_published", "status_type", "privacy", "shares", "is_hidden", "is_expired"];

    private readonly ConcurrentDictionary<string, string> _unpublishedPhotos = new(); // photo id → url (or "upload:type:size")
    private readonly ConcurrentDictionary<string, string> _photoUrls = new();

    public override string AccountId => Options.AccountId ?? "102030405060708";

    protected override string UsageType => "pages";

    public override IReadOnlyDictionary<string, string> Secrets() => new Dictionary<string, string> { ["accessToken"] = Options.Token };

    public override string Operation(FakeRequest r)
    {
        var (_, edge) = Route(r.Path);
        return (r.Method, edge) switch
        {
            ("POST", "feed") => "POST feed",
            ("POST", "photos") => "POST photos",
            ("GET", "published_posts" or "feed") => "GET published_posts",
            ("GET", "tagged") => "GET tagged",
            ("DELETE", "") => "DELETE object",
            ("GET", "") => "GET object",
            _ => r.Method + " " + r.Path,
        };
    }

    public override bool IsPublish(string operation) => operation == "POST feed";

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        var parameters = Parameters(r);
        if (CheckToken(r, parameters) is { } denied) return Task.FromResult(denied);
        if (r.Method == "POST" && !PostBodyOk(r)) return Task.FromResult(Error(400, 100, "(#100) The request body must be form-encoded or JSON"));
        var (id, _) = Route(r.Path);
        if (operation is "POST feed" or "POST photos" or "GET published_posts" or "GET tagged" && id != AccountId) return Task.FromResult(NoSuchObject(id));
        return Task.FromResult(operation switch
        {
            "POST feed" => Feed(r, parameters),
            "POST photos" => Photo(parameters, r.Form),
            "GET published_posts" => Posts(r, parameters),
            "GET tagged" => Tagged(r, parameters),
            "DELETE object" => Delete(id, parameters),
            "GET object" => Get(id, parameters),
            _ => Error(400, 100, $"Unknown path components: {r.Path}", type: "OAuthException"),
        });
    }

    private FakeResponse Feed(FakeRequest r, Dictionary<string, string> parameters)
    {
        if (CheckParameters("POST", "feed", parameters) is { } invalid) return invalid;
        var message = parameters.GetValueOrDefault("message");
        var attachments = new JsonArray();
        if (parameters.TryGetValue("attached_media", out var attachedJson))
        {
            foreach (var item in JsonNode.Parse(attachedJson)!.AsArray())
            {
                var fbid = (string?)item?["media_fbid"];
                if (fbid is null || !_unpublishedPhotos.ContainsKey(fbid)) return Error(400, 100, $"(#100) param attached_media[media_fbid] must be an unpublished photo of this page: {fbid}");
                attachments.Add(fbid);
            }
        }
        if (string.IsNullOrEmpty(message) && attachments.Count == 0 && !parameters.ContainsKey("link"))
            return Error(400, 100, "(#100) Missing message or attachment");
        if (message is { Length: > 63206 }) return Error(400, 100, "(#100) The message is too long (63206 characters at most)");

        var since = Now - Options.DuplicateWindow;
        if (message is not null && Server.Posts.Active.Any(p => p.Text == message && p.At >= since)) return Duplicate(r)!;

        foreach (var fbid in attachments)
        {
            if (_unpublishedPhotos.TryRemove((string)fbid!, out var photoUrl)) _photoUrls[(string)fbid!] = photoUrl;
        }
        var id = AccountId + "_" + NextId(122_000_000_000_000_000);
        var photos = new JsonArray([.. attachments.Select(a => (JsonNode?)_photoUrls.GetValueOrDefault((string)a!))]);
        Server.Posts.Add(new FakePost(id, message ?? "", null, Now, false, new JsonObject { ["attached_media"] = attachments, ["photos"] = photos }));
        return FakeResponse.Json(200, new JsonObject { ["id"] = id });
    }

    private FakeResponse Photo(Dictionary<string, string> parameters, Microsoft.AspNetCore.Http.IFormCollection? form)
    {
        if (CheckParameters("POST", "photos", parameters) is { } invalid) return invalid;
        // The file itself ("source", multipart) is a file parameter, which the codegen's lists leave out.
        var source = form?.Files.GetFile("source");
        string url;
        if (source is { Length: > 0 })
        {
            if (!source.ContentType.StartsWith("image/", StringComparison.Ordinal)) return Error(400, 324, "(#324) Missing or invalid image file");
            url = $"upload:{source.ContentType}:{source.Length}";
        }
        else if (!parameters.TryGetValue("url", out url!) || !Uri.TryCreate(url, UriKind.Absolute, out _))
            return Error(400, 324, "(#324) Requires upload file");
        var photoId = NextId(900_000_000_000_000);
        if (parameters.GetValueOrDefault("published") is "false" or "0")
        {
            _unpublishedPhotos[photoId] = url;
            return FakeResponse.Json(200, new JsonObject { ["id"] = photoId });
        }
        var postId = AccountId + "_" + photoId;
        Server.Posts.Add(new FakePost(postId, parameters.GetValueOrDefault("message") ?? "", null, Now, false, new JsonObject { ["photo"] = url }));
        return FakeResponse.Json(200, new JsonObject { ["id"] = photoId, ["post_id"] = postId });
    }

    /// <summary>GET /{page-id}/published_posts (and /feed): the page's posts newest first, cursor-paginated (limit ≤ 100).</summary>
    private FakeResponse Posts(FakeRequest r, Dictionary<string, string> parameters)
    {
        if (CheckParameters("GET", "published_posts", parameters) is { } invalid) return invalid;
        if (CheckFields(parameters.GetValueOrDefault("fields"), PagePostFields, "PagePost") is { } badField) return badField;
        var fields = (parameters.GetValueOrDefault("fields") ?? "id,message,created_time").Split(',', StringSplitOptions.TrimEntries);
        return CursorPage(r, parameters, "fb-published-posts", Paging.NewestFirst(Server.Posts), p =>
        {
            var post = new JsonObject();
            if (fields.Contains("id")) post["id"] = p.Id;
            if (fields.Contains("message") && p.Text.Length > 0) post["message"] = p.Text;
            if (fields.Contains("created_time")) post["created_time"] = GraphTime(p.At);
            if (!fields.Contains("id")) post["id"] = p.Id; // Graph always returns the id
            return post;
        });
    }

    /// <summary>
    /// GET /{page-id}/tagged: posts by others that tag the Page (<see cref="FakePlatformServer.Mentions"/>), newest
    /// first, cursor-paginated like published_posts. The edge takes no parameters of its own in facebook-Page.json
    /// (so no since/until). <c>from</c> is the author's name and id, as Graph gives it.
    /// </summary>
    private FakeResponse Tagged(FakeRequest r, Dictionary<string, string> parameters)
    {
        if (CheckParameters("GET", "tagged", parameters) is { } invalid) return invalid;
        if (CheckFields(parameters.GetValueOrDefault("fields"), PagePostFields, "PagePost") is { } badField) return badField;
        var fields = (parameters.GetValueOrDefault("fields") ?? "id,message,created_time").Split(',', StringSplitOptions.TrimEntries);
        return CursorPage(r, parameters, "fb-tagged", Paging.NewestFirst(Server.Mentions), p =>
        {
            var post = new JsonObject { ["id"] = p.Id }; // Graph always returns the id
            if (fields.Contains("message") && p.Text.Length > 0) post["message"] = p.Text;
            if (fields.Contains("from"))
                post["from"] = new JsonObject { ["name"] = (string?)p.Data!["authorName"] ?? (string)p.Data["authorHandle"]!, ["id"] = (string)p.Data["fromId"]! };
            if (fields.Contains("created_time")) post["created_time"] = GraphTime(p.At);
            if (fields.Contains("permalink_url")) post["permalink_url"] = (string)p.Data!["permalink"]!;
            return post;
        }, Server.Mentions);
    }

    public override FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        var fromId = NumericId(authorHandle, 100_000_000_000_000);
        var postId = TimeId(at, 0, 16);
        var data = MentionData(authorHandle, authorName, isReply);
        data["fromId"] = fromId;
        data["permalink"] = $"https://www.facebook.com/{fromId}/posts/{postId}";
        return new FakePost(fromId + "_" + postId, text, null, at, false, data);
    }

    public override FakePost Seed(string text, DateTimeOffset at)
    {
        var post = new FakePost(AccountId + "_" + NextId(122_000_000_000_000_000), text, null, at, false,
            new JsonObject { ["attached_media"] = new JsonArray(), ["photos"] = new JsonArray() });
        Server.Posts.Add(post);
        return post;
    }

    private FakeResponse Delete(string id, Dictionary<string, string> parameters)
    {
        if (parameters.Keys.Any(k => k != "access_token")) return Error(400, 100, "(#100) DELETE takes no parameters");
        return Server.Posts.MarkDeleted(id) || _unpublishedPhotos.TryRemove(id, out _)
            ? FakeResponse.Json(200, new JsonObject { ["success"] = true })
            : NoSuchObject(id);
    }

    private FakeResponse Get(string id, Dictionary<string, string> parameters)
    {
        if (CheckFields(parameters.GetValueOrDefault("fields"), PagePostFields, "PagePost") is { } badField) return badField;
        var p = Server.Posts.Find(id);
        if (p is null || p.Deleted) return NoSuchObject(id);
        return FakeResponse.Json(200, new JsonObject { ["id"] = p.Id, ["message"] = p.Text, ["created_time"] = GraphTime(p.At) });
    }

    public override FakeResponse RateLimited(RateLimitWindow.State state) =>
        Error(400, 32, "(#32) Page request limit reached");

    public override FakeResponse? Duplicate(FakeRequest request) =>
        Error(400, 506, "Duplicate status message", 1455006);

    public override void Reset()
    {
        _unpublishedPhotos.Clear();
        _photoUrls.Clear();
    }
}
