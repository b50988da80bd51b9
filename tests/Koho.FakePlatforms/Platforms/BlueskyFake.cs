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
/// getRecord / deleteRecord / uploadBlob. Procedure inputs are validated against the lexicons in platform-specs/atproto-lexicons,
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

    private string NewTid()
    {
        var micros = (ulong)((Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
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
