using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.FakePlatforms.Validation;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// Mastodon: POST /api/v1/statuses (JSON or form; Idempotency-Key remembered one hour: a repeat gets the first
/// answer and creates nothing), POST /api/v2/media (+ GET /api/v1/media/:id while processing), GET
/// /api/v1/accounts/:id/statuses (newest first, paged with limit/max_id/since_id/min_id and a Link header),
/// GET/DELETE /api/v1/statuses/:id; for watching, GET /api/v1/notifications (mentions, paged with max_id and a Link
/// header) and GET /api/v2/search (accounts). Statuses come back as Mastodon renders them
/// (HTML paragraphs, &lt;br /&gt;, links split into spans). Unknown parameters are ignored, as Rails does.
/// </summary>
internal sealed partial class MastodonFake(FakePlatformServer server) : PlatformHandler(server)
{
    private const string Username = "koho_test";

    private sealed class Media
    {
        public required string Id { get; init; }
        public required string ContentType { get; init; }
        public string? Description { get; init; }
        public int ProcessingLeft;
    }

    private readonly ConcurrentDictionary<string, Media> _media = new();
    private readonly ConcurrentDictionary<string, (string Body, DateTimeOffset At)> _idempotency = new();
    private readonly Lock _createLock = new();

    public override string AccountId => Options.AccountId ?? "109000000000000001";

    public override IReadOnlyDictionary<string, string> Secrets() => new Dictionary<string, string> { ["accessToken"] = Options.Token };

    public override string Operation(FakeRequest r) => (r.Method, r.Path) switch
    {
        ("POST", "/api/v1/statuses") => "POST /api/v1/statuses",
        ("POST", "/api/v2/media") => "POST /api/v2/media",
        ("GET", var p) when p.StartsWith("/api/v1/media/", StringComparison.Ordinal) => "GET /api/v1/media/:id",
        ("GET", var p) when AccountStatuses().IsMatch(p) => "GET /api/v1/accounts/:id/statuses",
        ("GET", "/api/v1/notifications") => "GET /api/v1/notifications",
        ("GET", "/api/v2/search") => "GET /api/v2/search",
        ("GET", var p) when p.StartsWith("/api/v1/statuses/", StringComparison.Ordinal) => "GET /api/v1/statuses/:id",
        ("DELETE", var p) when p.StartsWith("/api/v1/statuses/", StringComparison.Ordinal) => "DELETE /api/v1/statuses/:id",
        _ => r.Method + " " + r.Path,
    };

    public override bool IsPublish(string operation) => operation == "POST /api/v1/statuses";

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        if (r.Bearer != Options.Token) return Task.FromResult(Error(401, "The access token is invalid"));
        return Task.FromResult(operation switch
        {
            "POST /api/v1/statuses" => CreateStatus(r),
            "POST /api/v2/media" => Upload(r),
            "GET /api/v1/media/:id" => MediaState(r.Path["/api/v1/media/".Length..]),
            "GET /api/v1/accounts/:id/statuses" => Statuses(r),
            "GET /api/v1/notifications" => Notifications(r),
            "GET /api/v2/search" => Search(r),
            "GET /api/v1/statuses/:id" => Server.Posts.Find(r.Path["/api/v1/statuses/".Length..]) is { Deleted: false } p
                ? FakeResponse.Json(200, p.Data!.DeepClone()) : Error(404, "Record not found"),
            "DELETE /api/v1/statuses/:id" => Delete(r.Path["/api/v1/statuses/".Length..]),
            _ => Error(404, "Record not found"),
        });
    }

    private FakeResponse CreateStatus(FakeRequest r)
    {
        var key = r.Headers["Idempotency-Key"].ToString();
        lock (_createLock)
        {
            // Mastodon answers a known key with the status it created before, whatever this request says.
            if (key.Length > 0 && _idempotency.TryGetValue(key, out var earlier) && Now - earlier.At < TimeSpan.FromHours(1))
                return new FakeResponse { Status = 200, Body = earlier.Body };

            var (status, mediaIds, visibility, language) = ReadStatusParameters(r);
            if (visibility is not ("public" or "unlisted" or "private" or "direct"))
                return Error(422, "Validation failed: Visibility is not included in the list");
            if (language is not null && !Regex.IsMatch(language, "^[a-z]{2,3}$"))
                return Error(422, "Validation failed: Language is not a valid ISO 639 code");
            if (mediaIds.Count > 4) return Error(422, "Validation failed: Media attachments can be at most 4");
            var media = new List<Media>();
            foreach (var id in mediaIds)
            {
                if (!_media.TryGetValue(id, out var m)) return Error(422, "Validation failed: Media attachment not found: " + id);
                if (Volatile.Read(ref m.ProcessingLeft) > 0) return Error(422, "Cannot attach files that have not finished processing. Try again in a moment!");
                media.Add(m);
            }
            if (string.IsNullOrWhiteSpace(status) && media.Count == 0) return Error(422, "Validation failed: Text can't be blank");
            var length = TextLength.Mastodon(status ?? "");
            if (length > Options.MastodonMaxCharacters)
                return Error(422, $"Validation failed: Text character limit of {Options.MastodonMaxCharacters} exceeded");

            var statusId = NextId(113_000_000_000_000_000);
            var json = StatusJson(statusId, status ?? "", visibility, language, media, Now);
            Server.Posts.Add(new FakePost(statusId, status ?? "", key.Length > 0 ? key : null, Now, false, json));
            var body = json.ToJsonString();
            if (key.Length > 0) _idempotency[key] = (body, Now);
            return new FakeResponse { Status = 200, Body = body };
        }
    }

    private static (string? Status, List<string> MediaIds, string Visibility, string? Language) ReadStatusParameters(FakeRequest r)
    {
        if (r.IsJson && r.JsonBody() is { } json)
        {
            var ids = (json["media_ids"] as JsonArray)?.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString() ?? "").ToList() ?? [];
            return ((string?)json["status"], ids, (string?)json["visibility"] ?? "public", (string?)json["language"]);
        }
        if (r.Form is { } form)
        {
            var ids = form["media_ids[]"].Concat(form["media_ids"]).Where(s => s is not null).Select(s => s!).ToList();
            var visibility = form["visibility"].ToString();
            var language = form["language"].ToString();
            return (form["status"].ToString(), ids, visibility.Length == 0 ? "public" : visibility, language.Length == 0 ? null : language);
        }
        return (null, [], "public", null);
    }

    private JsonObject StatusJson(string id, string text, string visibility, string? language, List<Media> media, DateTimeOffset at)
    {
        var root = Server.RootUrl.AbsoluteUri.TrimEnd('/');
        return new JsonObject
        {
            ["id"] = id,
            ["created_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["in_reply_to_id"] = null,
            ["sensitive"] = false,
            ["spoiler_text"] = "",
            ["visibility"] = visibility,
            ["language"] = language,
            ["uri"] = $"{root}/users/{Username}/statuses/{id}",
            ["url"] = $"{root}/@{Username}/{id}",
            ["content"] = Render(text),
            ["media_attachments"] = new JsonArray([.. media.Select(m => (JsonNode)MediaJson(m))]),
            ["account"] = new JsonObject { ["id"] = AccountId, ["username"] = Username, ["acct"] = Username, ["url"] = $"{root}/@{Username}" },
        };
    }

    private FakeResponse Upload(FakeRequest r)
    {
        var file = r.Form?.Files.GetFile("file");
        if (file is null || file.Length == 0) return Error(422, "Validation failed: File can't be blank");
        if (!file.ContentType.StartsWith("image/", StringComparison.Ordinal)) return Error(422, "Validation failed: File content type is invalid");
        var description = r.Form!["description"].ToString();
        if (description.Length > 1500) return Error(422, "Validation failed: Description is too long (maximum is 1500 characters)");
        var media = new Media
        {
            Id = NextId(113_500_000_000_000_000),
            ContentType = file.ContentType,
            Description = description.Length == 0 ? null : description,
            ProcessingLeft = Server.Faults.Current.MediaProcessingPolls,
        };
        _media[media.Id] = media;
        return FakeResponse.Json(media.ProcessingLeft > 0 ? 202 : 200, MediaJson(media));
    }

    private FakeResponse MediaState(string id)
    {
        if (!_media.TryGetValue(id, out var media)) return Error(404, "Record not found");
        var processing = Interlocked.Decrement(ref media.ProcessingLeft) >= 0;
        if (!processing) Interlocked.Exchange(ref media.ProcessingLeft, 0);
        return FakeResponse.Json(processing ? 206 : 200, MediaJson(media));
    }

    private JsonObject MediaJson(Media m) => new()
    {
        ["id"] = m.Id,
        ["type"] = "image",
        ["url"] = Volatile.Read(ref m.ProcessingLeft) > 0 ? null : $"{Server.RootUrl.AbsoluteUri.TrimEnd('/')}/system/media/{m.Id}",
        ["description"] = m.Description,
    };

    /// <summary>
    /// GET /api/v1/accounts/:id/statuses: newest first (by id), <c>limit</c> (default 20, at most 40: more is
    /// served as 40, as Mastodon does), <c>max_id</c> (older than), <c>since_id</c> (newer than), <c>min_id</c>
    /// (the page just newer than). The Link header carries rel="next" (<c>max_id</c> = the page's oldest, only when
    /// the page is full) and rel="prev" (<c>min_id</c> = the page's newest), as Mastodon writes them. Ids are
    /// compared as numbers; one that is not a number matches nothing.
    /// </summary>
    private FakeResponse Statuses(FakeRequest r)
    {
        var account = AccountStatuses().Match(r.Path).Groups[1].Value;
        if (account != AccountId) return Error(404, "Record not found");
        var limit = int.TryParse(r.QueryValue("limit"), out var l) ? Math.Clamp(Math.Abs(l), 1, 40) : 20;
        var statuses = Server.Posts.Active.Select(p => (Post: p, Id: Numeric(p.Id))).OrderByDescending(s => s.Id).ToList();
        if (r.QueryValue("max_id") is { } maxId) statuses = [.. statuses.Where(s => s.Id < Numeric(maxId))];
        if (r.QueryValue("since_id") is { } sinceId) statuses = [.. statuses.Where(s => s.Id > Numeric(sinceId) && Numeric(sinceId) >= 0)];
        List<(FakePost Post, decimal Id)> page;
        if (r.QueryValue("min_id") is { } minId)
        {
            var newer = statuses.Where(s => s.Id > Numeric(minId) && Numeric(minId) >= 0).ToList();
            page = newer.Skip(Math.Max(0, newer.Count - limit)).ToList();
        }
        else page = statuses.Take(limit).ToList();

        var response = FakeResponse.Json(200, new JsonArray([.. page.Select(s => (JsonNode)s.Post.Data!.DeepClone())]));
        if (page.Count > 0)
        {
            var url = $"{Server.RootUrl.AbsoluteUri.TrimEnd('/')}/api/v1/accounts/{AccountId}/statuses?";
            var limitParameter = r.QueryValue("limit") is null ? "" : $"limit={limit}&";
            var links = new List<string>();
            if (page.Count == limit) links.Add($"<{url}{limitParameter}max_id={page[^1].Post.Id}>; rel=\"next\"");
            links.Add($"<{url}{limitParameter}min_id={page[0].Post.Id}>; rel=\"prev\"");
            response.With("Link", string.Join(", ", links));
        }
        return response;
    }

    /// <summary>
    /// GET /api/v1/notifications: the seeded mentions as "mention" notifications, newest first (by id), <c>limit</c>
    /// (default 40, at most 80: more is served as 80), <c>max_id</c> / <c>since_id</c> / <c>min_id</c> as for
    /// statuses, <c>types[]</c> / <c>exclude_types[]</c> (only "mention" notifications exist here; unknown types are
    /// ignored, as Mastodon does). The Link header carries rel="next" (<c>max_id</c> = the page's oldest) and
    /// rel="prev" whenever the page is not empty, as Mastodon's notifications controller writes them.
    /// </summary>
    private FakeResponse Notifications(FakeRequest r)
    {
        var types = r.Query["types[]"].Concat(r.Query["types"]).ToList();
        var excluded = r.Query["exclude_types[]"].Concat(r.Query["exclude_types"]).ToList();
        var limit = int.TryParse(r.QueryValue("limit"), out var l) ? Math.Clamp(Math.Abs(l), 1, 80) : 40;
        var wanted = (types.Count == 0 || types.Contains("mention")) && !excluded.Contains("mention");
        var notifications = !wanted ? [] : Server.Mentions.All
            .Select(p => (Post: p, Id: Numeric((string)p.Data!["notificationId"]!)))
            .OrderByDescending(n => n.Id).ToList();
        if (r.QueryValue("max_id") is { } maxId) notifications = [.. notifications.Where(n => n.Id < Numeric(maxId))];
        if (r.QueryValue("since_id") is { } sinceId) notifications = [.. notifications.Where(n => n.Id > Numeric(sinceId) && Numeric(sinceId) >= 0)];
        List<(FakePost Post, decimal Id)> page;
        if (r.QueryValue("min_id") is { } minId)
        {
            var newer = notifications.Where(n => n.Id > Numeric(minId) && Numeric(minId) >= 0).ToList();
            page = newer.Skip(Math.Max(0, newer.Count - limit)).ToList();
        }
        else page = notifications.Take(limit).ToList();

        var response = FakeResponse.Json(200, new JsonArray([.. page.Select(n => n.Post.Data!["notification"]!.DeepClone())]));
        if (page.Count > 0)
        {
            // As Mastodon's pagination_params: limit, types[] and exclude_types[] carried over.
            var carried = string.Concat(
                (r.QueryValue("limit") is null ? "" : $"limit={limit}&")
                + string.Concat(types.Select(t => "types%5B%5D=" + Uri.EscapeDataString(t!) + "&"))
                + string.Concat(excluded.Select(t => "exclude_types%5B%5D=" + Uri.EscapeDataString(t!) + "&")));
            var url = $"{Server.RootUrl.AbsoluteUri.TrimEnd('/')}/api/v1/notifications?{carried}";
            response.With("Link", $"<{url}max_id={page[^1].Post.Data!["notificationId"]}>; rel=\"next\", <{url}min_id={page[0].Post.Data!["notificationId"]}>; rel=\"prev\"");
        }
        return response;
    }

    /// <summary>
    /// GET /api/v2/search: <c>q</c> required (400 otherwise); the seeded accounts whose acct or display name contains
    /// it, ignoring case, unless <c>type</c> names another kind; <c>limit</c> (default 20, at most 40), <c>offset</c>.
    /// Statuses and hashtags are never found here.
    /// </summary>
    private FakeResponse Search(FakeRequest r)
    {
        var q = r.QueryValue("q");
        if (string.IsNullOrWhiteSpace(q)) return Error(400, "param is missing or the value is empty: q");
        var type = r.QueryValue("type");
        if (type is not (null or "accounts" or "statuses" or "hashtags")) type = null; // Mastodon then searches everything
        var limit = int.TryParse(r.QueryValue("limit"), out var l) ? Math.Clamp(Math.Abs(l), 1, 40) : 20;
        var offset = int.TryParse(r.QueryValue("offset"), out var o) ? Math.Max(0, o) : 0;
        var accounts = type is null or "accounts" ? Server.Profiles.Search(q).Skip(offset).Take(limit).ToList() : [];
        return FakeResponse.Json(200, new JsonObject
        {
            ["accounts"] = new JsonArray([.. accounts.Select(p => (JsonNode)AccountJson(p.Id, p.Handle, p.DisplayName))]),
            ["statuses"] = new JsonArray(),
            ["hashtags"] = new JsonArray(),
        });
    }

    public override FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        var statusId = TimeId(at, 0, 16);
        var notificationId = TimeId(at, 0, 16);
        var author = AccountJson(NumericId(authorHandle, 110_000_000_000_000_000), authorHandle, authorName);
        var (home, username) = HomeOf(authorHandle);
        var created = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var root = Server.RootUrl.AbsoluteUri.TrimEnd('/');
        var status = new JsonObject
        {
            ["id"] = statusId,
            ["created_at"] = created,
            // A reply answers one of the account's statuses (a made-up one, older than the reply).
            ["in_reply_to_id"] = isReply ? TimeId(at.AddMinutes(-5), 0, 16) : null,
            ["in_reply_to_account_id"] = isReply ? AccountId : null,
            ["sensitive"] = false,
            ["spoiler_text"] = "",
            ["visibility"] = "public",
            ["language"] = "ja",
            ["uri"] = $"{home}/users/{username}/statuses/{statusId}",
            ["url"] = $"{home}/@{username}/{statusId}",
            ["content"] = Render(text),
            ["media_attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(new JsonObject { ["id"] = AccountId, ["username"] = Username, ["acct"] = Username, ["url"] = $"{root}/@{Username}" }),
            ["account"] = author.DeepClone(),
        };
        var data = MentionData(authorHandle, authorName, isReply);
        data["notificationId"] = notificationId;
        data["notification"] = new JsonObject
        {
            ["id"] = notificationId,
            ["type"] = "mention",
            ["created_at"] = created,
            ["group_key"] = "ungrouped-" + notificationId,
            ["account"] = author,
            ["status"] = status,
        };
        return new FakePost(statusId, text, null, at, false, data);
    }

    public override FakeProfile NewProfile(string handle, string? displayName) =>
        new(NumericId(handle, 110_000_000_000_000_000), handle, displayName);

    /// <summary>An account as Mastodon shows it: acct is "user" on this instance and "user@domain" for a remote one.</summary>
    private JsonObject AccountJson(string id, string acct, string? displayName)
    {
        var (home, username) = HomeOf(acct);
        return new JsonObject
        {
            ["id"] = id,
            ["username"] = username,
            ["acct"] = acct,
            ["display_name"] = displayName ?? "",
            ["url"] = $"{home}/@{username}",
            ["bot"] = false,
        };
    }

    /// <summary>The instance an acct lives on (this one for "user", https://domain for "user@domain") and its username.</summary>
    private (string Home, string Username) HomeOf(string acct)
    {
        var at = acct.IndexOf('@');
        return at < 0 ? (Server.RootUrl.AbsoluteUri.TrimEnd('/'), acct) : ("https://" + acct[(at + 1)..], acct[..at]);
    }

    /// <summary>A status id as a number (Mastodon's are snowflakes); -1 when it is not one.</summary>
    private static decimal Numeric(string id) =>
        decimal.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    public override FakePost Seed(string text, DateTimeOffset at)
    {
        lock (_createLock)
        {
            var statusId = NextId(113_000_000_000_000_000);
            var post = new FakePost(statusId, text, null, at, false, StatusJson(statusId, text, "public", "ja", [], at));
            Server.Posts.Add(post);
            return post;
        }
    }

    private FakeResponse Delete(string id)
    {
        var post = Server.Posts.Find(id);
        if (post is null || post.Deleted || !Server.Posts.MarkDeleted(id)) return Error(404, "Record not found");
        var json = post.Data!.DeepClone().AsObject();
        json["text"] = post.Text;
        return FakeResponse.Json(200, json);
    }

    /// <summary>As Mastodon's formatter: escaped text, paragraphs on blank lines, &lt;br /&gt; on single ones, links split in spans.</summary>
    internal static string Render(string text)
    {
        var html = new StringBuilder();
        foreach (var paragraph in Regex.Split(text.Replace("\r\n", "\n").Trim('\n'), "\n{2,}"))
        {
            html.Append("<p>");
            var position = 0;
            foreach (var (start, length) in TextLength.Urls(paragraph))
            {
                html.Append(Escape(paragraph[position..start]));
                html.Append(Link(paragraph.Substring(start, length)));
                position = start + length;
            }
            html.Append(Escape(paragraph[position..]));
            html.Append("</p>");
        }
        return html.ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br />");

    private static string Link(string url)
    {
        var scheme = url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)];
        var rest = url[scheme.Length..];
        var (shown, hidden, cls) = rest.Length > 30 ? (rest[..30], rest[30..], "ellipsis") : (rest, "", "");
        return $"<a href=\"{WebUtility.HtmlEncode(url)}\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\">"
               + $"<span class=\"invisible\">{WebUtility.HtmlEncode(scheme)}</span><span class=\"{cls}\">{WebUtility.HtmlEncode(shown)}</span>"
               + $"<span class=\"invisible\">{WebUtility.HtmlEncode(hidden)}</span></a>";
    }

    private static FakeResponse Error(int status, string message) => FakeResponse.Json(status, new JsonObject { ["error"] = message });

    public override FakeResponse RateLimited(RateLimitWindow.State state) => Error(429, "Too many requests");

    public override FakeResponse ServerError() => Error(500, "We're sorry, but something went wrong on our end.");

    public override void AddRateLimitHeaders(FakeResponse response, RateLimitWindow.State state)
    {
        response.Headers["X-RateLimit-Limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = state.ResetAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    public override void Reset()
    {
        _media.Clear();
        _idempotency.Clear();
    }

    [GeneratedRegex(@"^/api/v1/accounts/([^/]+)/statuses$")]
    private static partial Regex AccountStatuses();
}
