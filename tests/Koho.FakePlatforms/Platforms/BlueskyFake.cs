using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Koho.FakePlatforms.Validation;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// A Bluesky PDS for one account: com.atproto.server.createSession / refreshSession, com.atproto.repo.createRecord /
/// getRecord / deleteRecord / uploadBlob, and for watching the AppView queries app.bsky.notification.listNotifications
/// and app.bsky.actor.searchActors (parameters checked against their lexicons). Procedure inputs are validated against the lexicons in platform-specs/atproto-lexicons,
/// and app.bsky.feed.post records against theirs (text ≤ 300 graphemes and 3,000 UTF-8 bytes, createdAt a datetime,
/// langs, facets; post record keys must be TIDs). One check is stricter than the real PDS, to catch connector bugs:
/// a facet's byte range must lie within the text. The app.bsky.embed.images lexicon is not among the copied ones, so
/// image embeds are checked by hand (1–4 images, each with alt text and a blob this account uploaded, at most 1,000,000
/// bytes, an image type). An existing rkey gets <see cref="FaultSettings.ExistingRecordError"/>.
/// Access tokens expire after <see cref="FakePlatformOptions.BlueskyAccessTokenLifetime"/> or on the admin action
/// "expire-sessions".
/// </summary>
internal sealed class BlueskyFake(FakePlatformServer server) : PlatformHandler(server)
{
    private const string Xrpc = "/xrpc/";

    private readonly LexiconSet _lexicons = SpecCache.Get(Path.Combine(server.SpecsDirectory, "atproto-lexicons"), LexiconSet.Load);

    /// <summary>
    /// The two AppView queries used for watching, from platform-specs when it carries them, else from
    /// <see cref="WatchLexicons"/> (the same lexicons, at the same atproto commit).
    /// </summary>
    private LexiconSet WatchLexiconsFor(string nsid) => _lexicons.Has(nsid) ? _lexicons : WatchLexicons.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private readonly Lock _repoLock = new();

    public override string AccountId => Options.Handle;

    public override IReadOnlyDictionary<string, string> Secrets() =>
        new Dictionary<string, string> { ["identifier"] = Options.Handle, ["appPassword"] = Options.AppPassword };

    public override string Operation(FakeRequest r) =>
        r.Path.StartsWith(Xrpc, StringComparison.Ordinal) ? r.Path[Xrpc.Length..].Split('.').Last() : r.Method + " " + r.Path;

    public override bool IsPublish(string operation) => operation == "createRecord";

    public override Task<FakeResponse> HandleAsync(FakeRequest r, string operation)
    {
        if (!r.Path.StartsWith(Xrpc, StringComparison.Ordinal)) return Task.FromResult(Error(404, "NotFound", "Not Found"));
        var nsid = r.Path[Xrpc.Length..];
        return Task.FromResult((r.Method, nsid) switch
        {
            ("POST", "com.atproto.server.createSession") => CreateSession(r),
            ("POST", "com.atproto.server.refreshSession") => RefreshSession(r),
            ("POST", "com.atproto.repo.createRecord") => CreateRecord(r),
            ("GET", "com.atproto.repo.getRecord") => GetRecord(r),
            ("POST", "com.atproto.repo.deleteRecord") => DeleteRecord(r),
            ("POST", "com.atproto.repo.uploadBlob") => UploadBlob(r),
            ("GET", ListNotificationsNsid) => ListNotifications(r),
            ("GET", SearchActorsNsid) => SearchActors(r),
            _ => Error(501, "MethodNotImplemented", "Method Not Implemented"),
        });
    }

    // ---- sessions -------------------------------------------------------------------------------------------

    private FakeResponse CreateSession(FakeRequest r)
    {
        if (ReadInput(r, "com.atproto.server.createSession", out var input) is { } invalid) return invalid;
        var identifier = (string)input!["identifier"]!;
        var password = (string)input["password"]!;
        var known = string.Equals(identifier, Options.Handle, StringComparison.OrdinalIgnoreCase) || identifier == Options.Did;
        if (!known || password != Options.AppPassword) return Error(401, "AuthenticationRequired", "Invalid identifier or password");
        return FakeResponse.Json(200, NewSession());
    }

    private FakeResponse RefreshSession(FakeRequest r)
    {
        var token = r.Bearer;
        if (token is null) return Error(401, "AuthenticationRequired", "Authentication Required");
        if (!_refreshTokens.TryRemove(token, out _)) return Error(400, "ExpiredToken", "Token has been revoked");
        return FakeResponse.Json(200, NewSession());
    }

    private JsonObject NewSession()
    {
        var access = Jwt("access");
        var refresh = Jwt("refresh");
        _accessTokens[access] = Now + Options.BlueskyAccessTokenLifetime;
        _refreshTokens[refresh] = true;
        return new JsonObject
        {
            ["accessJwt"] = access,
            ["refreshJwt"] = refresh,
            ["handle"] = Options.Handle,
            ["did"] = Options.Did,
            ["active"] = true,
        };
    }

    private static string Jwt(string scope) =>
        "eyJhbGciOiJFUzI1NksifQ." + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"scope\":\"com.atproto.{scope}\"}}")).TrimEnd('=')
        + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Null when the access token is good; else the PDS's answer.</summary>
    private FakeResponse? Authenticate(FakeRequest r)
    {
        var token = r.Bearer;
        if (token is null) return Error(401, "AuthenticationRequired", "Authentication Required");
        if (!_accessTokens.TryGetValue(token, out var expires)) return Error(400, "InvalidToken", "Token could not be verified");
        if (Now >= expires) return Error(400, "ExpiredToken", "Token has expired");
        return null;
    }

    public override bool AdminAction(string action)
    {
        if (action != "expire-sessions") return false;
        foreach (var token in _accessTokens.Keys) _accessTokens[token] = DateTimeOffset.MinValue;
        return true;
    }

    // ---- records --------------------------------------------------------------------------------------------

    private FakeResponse CreateRecord(FakeRequest r)
    {
        if (Authenticate(r) is { } denied) return denied;
        if (ReadInput(r, "com.atproto.repo.createRecord", out var input) is { } invalid) return invalid;
        var repo = (string)input!["repo"]!;
        if (repo != Options.Did && !string.Equals(repo, Options.Handle, StringComparison.OrdinalIgnoreCase))
            return Error(400, "InvalidRequest", "Could not find repo: " + repo);
        var collection = (string)input["collection"]!;
        var record = input["record"]!.AsObject();
        if ((string?)record["$type"] != collection)
            return Error(400, "InvalidRequest", $"Invalid $type: expected {collection}, got {(string?)record["$type"] ?? "nothing"}");

        var validate = (bool?)input["validate"];
        var known = _lexicons.Has(collection);
        if (validate == true && !known) return Error(400, "InvalidRequest", "Lexicon not found: " + collection);
        if (validate != false && known)
        {
            var errors = _lexicons.ValidateRecord(collection, record);
            if (collection == "app.bsky.feed.post" && errors.Count == 0) errors.AddRange(FacetRanges(record).Concat(ImageEmbed(record)));
            if (errors.Count > 0) return Error(400, "InvalidRequest", $"Invalid {collection} record: {errors[0].Property} {errors[0].Message}");
        }

        var rkey = (string?)input["rkey"] ?? NewTid();
        if (known && _lexicons.RecordKey(collection) == "tid" && !LexiconSet.IsTid(rkey))
            return Error(400, "InvalidRequest", $"Invalid record key for {collection}: {rkey} (expected a TID)");

        var uri = $"at://{Options.Did}/{collection}/{rkey}";
        lock (_repoLock)
        {
            if (Server.Posts.Find(uri) is { Deleted: false })
            {
                return Server.Faults.Current.ExistingRecordError == "InvalidRequest"
                    ? Error(400, "InvalidRequest", "Record already exists")
                    : ServerError(); // the reference PDS's answer: an unhandled conflict
            }
            var cid = Cid(record);
            Server.Posts.Add(new FakePost(uri, (string?)record["text"] ?? "", rkey, Now, false,
                new JsonObject { ["cid"] = cid, ["record"] = record.DeepClone() }));
            return FakeResponse.Json(200, new JsonObject
            {
                ["uri"] = uri,
                ["cid"] = cid,
                ["commit"] = new JsonObject { ["cid"] = Cid(new JsonObject { ["commit"] = uri }), ["rev"] = NewTid() },
                ["validationStatus"] = known && validate != false ? "valid" : "unknown",
            });
        }
    }

    /// <summary>Stricter than the PDS (which accepts and ignores bad ranges): a facet must cover bytes of the text.</summary>
    private static IEnumerable<SchemaError> FacetRanges(JsonObject record)
    {
        var bytes = TextLength.Utf8Bytes((string?)record["text"] ?? "");
        var facets = record["facets"] as JsonArray ?? [];
        for (var i = 0; i < facets.Count; i++)
        {
            var start = (long?)facets[i]?["index"]?["byteStart"] ?? -1;
            var end = (long?)facets[i]?["index"]?["byteEnd"] ?? -1;
            if (start < 0 || end <= start || end > bytes)
                yield return new SchemaError($"Record/facets/{i}/index", $"byte range {start}..{end} is outside the text's {bytes} UTF-8 bytes");
        }
    }

    private readonly ConcurrentDictionary<string, (string MimeType, long Size)> _blobs = new();

    private FakeResponse UploadBlob(FakeRequest r)
    {
        if (Authenticate(r) is { } denied) return denied;
        if (string.IsNullOrEmpty(r.ContentType) || r.IsJson) return Error(400, "InvalidRequest", "Wrong request encoding (Content-Type): " + (r.ContentType ?? "none"));
        if (r.Body.Length == 0) return Error(400, "InvalidRequest", "Request body is empty");
        var cid = Cid(JsonValue.Create(Convert.ToBase64String(r.Body)));
        _blobs[cid] = (r.ContentType.Split(';')[0], r.Body.Length);
        return FakeResponse.Json(200, new JsonObject
        {
            ["blob"] = new JsonObject
            {
                ["$type"] = "blob",
                ["ref"] = new JsonObject { ["$link"] = cid },
                ["mimeType"] = _blobs[cid].MimeType,
                ["size"] = r.Body.Length,
            },
        });
    }

    /// <summary>app.bsky.embed.images, checked by hand (its lexicon is not in platform-specs).</summary>
    private IEnumerable<SchemaError> ImageEmbed(JsonObject record)
    {
        if (record["embed"] is not JsonObject embed || (string?)embed["$type"] != "app.bsky.embed.images") yield break;
        if (embed["images"] is not JsonArray images || images.Count is < 1 or > 4)
        {
            yield return new SchemaError("Record/embed/images", "must have 1 to 4 images");
            yield break;
        }
        for (var i = 0; i < images.Count; i++)
        {
            var at = $"Record/embed/images/{i}";
            if (images[i]?["alt"] is not JsonValue alt || !alt.TryGetValue<string>(out _)) yield return new SchemaError(at, "must have the property \"alt\"");
            var blob = images[i]?["image"];
            var link = (string?)blob?["ref"]?["$link"];
            if ((string?)blob?["$type"] != "blob" || link is null || !_blobs.TryGetValue(link, out var uploaded))
                yield return new SchemaError(at + "/image", "must be a blob uploaded to this repository");
            else if (uploaded.Size > 1_000_000) yield return new SchemaError(at + "/image", "blob is larger than 1000000 bytes");
            else if (!uploaded.MimeType.StartsWith("image/", StringComparison.Ordinal)) yield return new SchemaError(at + "/image", "must be an image");
        }
    }

    private FakeResponse GetRecord(FakeRequest r)
    {
        foreach (var required in new[] { "repo", "collection", "rkey" })
        {
            if (string.IsNullOrEmpty(r.QueryValue(required))) return Error(400, "InvalidRequest", $"Error: Params must have the property \"{required}\"");
        }
        var repo = r.QueryValue("repo")!;
        if (repo != Options.Did && !string.Equals(repo, Options.Handle, StringComparison.OrdinalIgnoreCase))
            return Error(400, "InvalidRequest", "Could not find repo: " + repo);
        var uri = $"at://{Options.Did}/{r.QueryValue("collection")}/{r.QueryValue("rkey")}";
        var post = Server.Posts.Find(uri);
        if (post is null || post.Deleted) return Error(400, "RecordNotFound", "Could not locate record: " + uri);
        return FakeResponse.Json(200, new JsonObject { ["uri"] = uri, ["cid"] = (string?)post.Data!["cid"], ["value"] = post.Data["record"]!.DeepClone() });
    }

    private FakeResponse DeleteRecord(FakeRequest r)
    {
        if (Authenticate(r) is { } denied) return denied;
        if (ReadInput(r, "com.atproto.repo.deleteRecord", out var input) is { } invalid) return invalid;
        var repo = (string)input!["repo"]!;
        if (repo != Options.Did && !string.Equals(repo, Options.Handle, StringComparison.OrdinalIgnoreCase))
            return Error(400, "InvalidRequest", "Could not find repo: " + repo);
        Server.Posts.MarkDeleted($"at://{Options.Did}/{(string)input["collection"]!}/{(string)input["rkey"]!}"); // absent is fine: "ensure it doesn't exist"
        return FakeResponse.Json(200, new JsonObject { ["commit"] = new JsonObject { ["cid"] = Cid(input), ["rev"] = NewTid() } });
    }

    // ---- watching: notifications and actor search -------------------------------------------------------------

    private const string ListNotificationsNsid = "app.bsky.notification.listNotifications";
    private const string SearchActorsNsid = "app.bsky.actor.searchActors";

    /// <summary>
    /// app.bsky.notification.listNotifications (requires auth): the seeded mentions as notifications with reason
    /// "mention" or "reply", newest first by indexedAt; <c>limit</c> 1–100 (default 50), <c>reasons</c> filters,
    /// <c>cursor</c> from the previous page (present while more remain). Parameters are checked against the lexicon.
    /// </summary>
    private FakeResponse ListNotifications(FakeRequest r)
    {
        if (Authenticate(r) is { } denied) return denied;
        var errors = WatchLexiconsFor(ListNotificationsNsid).ValidateParams(ListNotificationsNsid, r.Query);
        if (errors.Count > 0) return Error(400, "InvalidRequest", $"Error: {errors[0].Property} {errors[0].Message}");
        var limit = int.TryParse(r.QueryValue("limit"), out var l) ? l : 50;
        var reasons = r.Query["reasons"].Select(v => v ?? "").ToHashSet();
        Paging.Key? after = null;
        if (r.QueryValue("cursor") is { } cursor)
        {
            if (!Paging.TryRead("bsky-notifications", cursor, Server.Mentions, out var key)) return Error(400, "InvalidRequest", "Malformed cursor");
            after = key;
        }
        var matching = Paging.NewestFirst(Server.Mentions)
            .Where(e => reasons.Count == 0 || reasons.Contains((string)e.Post.Data!["reason"]!))
            .Where(e => after is null || Paging.IsOlder(e, after.Value)).ToList();
        var page = matching.Take(limit).ToList();
        var body = new JsonObject
        {
            ["notifications"] = new JsonArray([.. page.Select(e => e.Post.Data!["notification"]!.DeepClone())]),
            ["priority"] = false,
        };
        if (matching.Count > page.Count) body["cursor"] = Paging.Cursor("bsky-notifications", page[^1]);
        return Conforming(ListNotificationsNsid, body);
    }

    /// <summary>
    /// app.bsky.actor.searchActors (auth optional; a token given must be good): the seeded accounts whose handle or
    /// display name contains <c>q</c> (or the deprecated <c>term</c>), ignoring case; <c>limit</c> 1–100 (default 25),
    /// <c>cursor</c>. No query finds nothing.
    /// </summary>
    private FakeResponse SearchActors(FakeRequest r)
    {
        if (r.Bearer is not null && Authenticate(r) is { } denied) return denied;
        var errors = WatchLexiconsFor(SearchActorsNsid).ValidateParams(SearchActorsNsid, r.Query);
        if (errors.Count > 0) return Error(400, "InvalidRequest", $"Error: {errors[0].Property} {errors[0].Message}");
        var query = r.QueryValue("q") ?? r.QueryValue("term") ?? "";
        var limit = int.TryParse(r.QueryValue("limit"), out var l) ? l : 25;
        var offset = 0;
        if (r.QueryValue("cursor") is { } cursor && !Paging.TryReadOffset("bsky-search-actors", query, cursor, out offset))
            return Error(400, "InvalidRequest", "Malformed cursor");
        var matching = Server.Profiles.Search(query);
        var page = matching.Skip(offset).Take(limit).ToList();
        var body = new JsonObject { ["actors"] = new JsonArray([.. page.Select(p => (JsonNode)ProfileView(p.Id, p.Handle, p.DisplayName))]) };
        if (offset + page.Count < matching.Count) body["cursor"] = Paging.OffsetCursor("bsky-search-actors", query, offset + page.Count);
        return Conforming(SearchActorsNsid, body);
    }

    /// <summary>The fake's own answer, checked against the query's output schema: a mismatch is a bug in the fake (answered 599).</summary>
    private FakeResponse Conforming(string nsid, JsonObject body)
    {
        var errors = WatchLexiconsFor(nsid).ValidateOutput(nsid, body);
        if (errors.Count > 0) throw new InvalidOperationException($"the fake's {nsid} output does not match its lexicon: {errors[0].Property} {errors[0].Message}");
        return FakeResponse.Json(200, body);
    }

    public override FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        CheckHandle(authorHandle);
        var did = DidOf(authorHandle);
        var uri = $"at://{did}/app.bsky.feed.post/{NewTid(at)}";
        var created = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var record = new JsonObject { ["$type"] = "app.bsky.feed.post", ["text"] = text, ["createdAt"] = created, ["langs"] = new JsonArray("ja") };
        string? parent = null;
        if (isReply)
        {
            // A reply to one of the account's posts (a made-up one, older than the reply).
            parent = $"at://{Options.Did}/app.bsky.feed.post/{NewTid(at.AddMinutes(-5))}";
            var parentRef = new JsonObject { ["uri"] = parent, ["cid"] = Cid(JsonValue.Create(parent)) };
            record["reply"] = new JsonObject { ["root"] = parentRef.DeepClone(), ["parent"] = parentRef };
        }
        var reason = isReply ? "reply" : "mention";
        var notification = new JsonObject
        {
            ["uri"] = uri,
            ["cid"] = Cid(record),
            ["author"] = ProfileView(did, authorHandle, authorName),
            ["reason"] = reason,
            ["reasonSubject"] = parent,
            ["record"] = record,
            ["isRead"] = false,
            ["indexedAt"] = created,
            ["labels"] = new JsonArray(),
        };
        if (parent is null) notification.Remove("reasonSubject");
        var data = MentionData(authorHandle, authorName, isReply);
        data["reason"] = reason;
        data["notification"] = notification;
        return new FakePost(uri, text, null, at, false, data);
    }

    public override FakeProfile NewProfile(string handle, string? displayName)
    {
        CheckHandle(handle);
        return new FakeProfile(DidOf(handle), handle, displayName);
    }

    /// <summary>Bluesky handles are domain names: "musashino_city" is not one (the fake refuses to seed what cannot exist).</summary>
    private static void CheckHandle(string handle)
    {
        if (!LexiconSet.FormatOk("handle", handle))
            throw new ArgumentException($"'{handle}' is not a valid Bluesky handle (a domain name such as name.bsky.social)");
    }

    private static JsonObject ProfileView(string did, string handle, string? displayName)
    {
        var view = new JsonObject { ["did"] = did, ["handle"] = handle };
        if (displayName is not null) view["displayName"] = displayName;
        view["labels"] = new JsonArray();
        return view;
    }

    /// <summary>A did:plc-shaped identifier that is the same for the same handle.</summary>
    private static string DidOf(string handle)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(handle.ToLowerInvariant()));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        return "did:plc:" + new string([.. hash.Take(24).Select(b => alphabet[b & 31])]);
    }

    /// <summary>
    /// listNotifications and searchActors as in bluesky-social/atproto at d6296a1c (the commit of platform-specs'
    /// atproto-lexicons, which does not carry these two files): parameters and output, descriptions left out.
    /// </summary>
    private static readonly Lazy<LexiconSet> WatchLexicons = new(() => LexiconSet.FromJson(
        """
        {"lexicon": 1, "id": "app.bsky.notification.listNotifications", "defs": {
          "main": {"type": "query",
            "parameters": {"type": "params", "properties": {
              "reasons": {"type": "array", "items": {"type": "string"}},
              "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
              "priority": {"type": "boolean"},
              "cursor": {"type": "string"},
              "seenAt": {"type": "string", "format": "datetime"}}},
            "output": {"encoding": "application/json", "schema": {"type": "object", "required": ["notifications"], "properties": {
              "cursor": {"type": "string"},
              "notifications": {"type": "array", "items": {"type": "ref", "ref": "#notification"}},
              "priority": {"type": "boolean"},
              "seenAt": {"type": "string", "format": "datetime"}}}}},
          "notification": {"type": "object", "required": ["uri", "cid", "author", "reason", "record", "isRead", "indexedAt"], "properties": {
            "uri": {"type": "string", "format": "at-uri"},
            "cid": {"type": "string", "format": "cid"},
            "author": {"type": "ref", "ref": "app.bsky.actor.defs#profileView"},
            "reason": {"type": "string", "knownValues": ["like", "repost", "follow", "mention", "reply", "quote", "starterpack-joined", "verified",
              "unverified", "like-via-repost", "repost-via-repost", "subscribed-post", "contact-match"]},
            "reasonSubject": {"type": "string", "format": "at-uri"},
            "record": {"type": "unknown"},
            "starterPack": {"type": "ref", "ref": "app.bsky.graph.defs#starterPackViewBasic"},
            "isRead": {"type": "boolean"},
            "indexedAt": {"type": "string", "format": "datetime"},
            "labels": {"type": "array", "items": {"type": "ref", "ref": "com.atproto.label.defs#label"}}}}}}
        """,
        """
        {"lexicon": 1, "id": "app.bsky.actor.searchActors", "defs": {
          "main": {"type": "query",
            "parameters": {"type": "params", "properties": {
              "term": {"type": "string"},
              "q": {"type": "string"},
              "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25},
              "cursor": {"type": "string"}}},
            "output": {"encoding": "application/json", "schema": {"type": "object", "required": ["actors"], "properties": {
              "cursor": {"type": "string"},
              "actors": {"type": "array", "items": {"type": "ref", "ref": "app.bsky.actor.defs#profileView"}}}}}}}}
        """));

    // ---- helpers ----------------------------------------------------------------------------------------------

    /// <summary>Checks the encoding and the procedure's lexicon input schema; null when the input is valid.</summary>
    private FakeResponse? ReadInput(FakeRequest r, string nsid, out JsonObject? input)
    {
        input = null;
        if (!r.IsJson) return Error(400, "InvalidRequest", $"Wrong request encoding (Content-Type): {r.ContentType ?? "none"}");
        JsonNode? body;
        try { body = JsonNode.Parse(r.Body); }
        catch (JsonException) { return Error(400, "InvalidRequest", "Request body is not valid JSON"); }
        var errors = _lexicons.ValidateInput(nsid, body);
        if (errors.Count > 0) return Error(400, "InvalidRequest", $"{errors[0].Property} {errors[0].Message}");
        input = body!.AsObject();
        return null;
    }

    private string NewTid(DateTimeOffset? at = null)
    {
        var micros = (ulong)(((at ?? Now).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        var value = (micros << 10) | (uint)RandomNumberGenerator.GetInt32(1024);
        const string alphabet = "234567abcdefghijklmnopqrstuvwxyz";
        var chars = new char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    /// <summary>A CID-shaped stand-in (base32 of a SHA-256), not a real DAG-CBOR CID.</summary>
    private static string Cid(JsonNode node)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString()));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var sb = new StringBuilder("bafyrei");
        int buffer = 0, bits = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return sb.ToString();
    }

    private static FakeResponse Error(int status, string error, string message) =>
        FakeResponse.Json(status, new JsonObject { ["error"] = error, ["message"] = message });

    public override FakeResponse RateLimited(RateLimitWindow.State state) => Error(429, "RateLimitExceeded", "Rate Limit Exceeded");

    public override FakeResponse ServerError() => Error(500, "InternalServerError", "Internal Server Error");

    public override void AddRateLimitHeaders(FakeResponse response, RateLimitWindow.State state)
    {
        response.Headers["ratelimit-limit"] = state.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-reset"] = Epoch(state.ResetAt);
        response.Headers["ratelimit-policy"] = $"{state.Limit};w={(int)Options.RateLimitWindow.TotalSeconds}";
    }

    public override void Reset()
    {
        _blobs.Clear();
        _accessTokens.Clear();
        _refreshTokens.Clear();
    }
}
