using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Koho.FakePlatforms.Validation;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// What Facebook and Instagram share: the Graph API version prefix, access tokens (Authorization header, form or
/// query), parameters checked against the Graph API parameter lists of facebook-business-sdk-codegen (an unknown
/// parameter is error 100), Graph error bodies, and the x-app-usage / x-business-use-case-usage headers.
/// </summary>
internal abstract class GraphFake(FakePlatformServer server, string specFile) : PlatformHandler(server)
{
    /// <summary>Parameters every Graph call accepts beyond an edge's own list.</summary>
    private static readonly HashSet<string> Universal =
        ["access_token", "appsecret_proof", "appsecret_time", "fields", "limit", "after", "before", "pretty", "format", "suppress_http_code", "locale"];

    private readonly Dictionary<(string Method, string Edge), Dictionary<string, (string Type, bool Required)>> _edges =
        SpecCache.Get(SpecFiles.File(server.SpecsDirectory, specFile), LoadEdges);

    public override string BasePath => "/v21.0"; // no trailing slash, as people write it: connectors must not lose the segment

    protected abstract string UsageType { get; }

    private static Dictionary<(string, string), Dictionary<string, (string, bool)>> LoadEdges(string path)
    {
        var edges = new Dictionary<(string, string), Dictionary<string, (string, bool)>>();
        foreach (var api in JsonNode.Parse(File.ReadAllText(path))!["apis"]!.AsArray())
        {
            var method = (string)api!["method"]!;
            var edge = (string?)api["endpoint"] ?? "";
            edges[(method, edge)] = (api["params"] as JsonArray ?? [])
                .ToDictionary(p => (string)p!["name"]!, p => ((string)p!["type"]!, (bool?)p["required"] ?? false));
        }
        return edges;
    }

    /// <summary>Query, form and JSON body parameters together, as Graph treats them.</summary>
    protected static Dictionary<string, string> Parameters(FakeRequest r)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in r.Query) all[k] = v.ToString();
        if (r.Form is not null)
            foreach (var (k, v) in r.Form) all[k] = v.ToString();
        else if (r.IsJson && r.JsonBody() is { } json)
            foreach (var (k, v) in json) all[k] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
        return all;
    }

    /// <summary>Null when the token is right; else the Graph error.</summary>
    protected FakeResponse? CheckToken(FakeRequest r, Dictionary<string, string> parameters)
    {
        var token = r.Bearer ?? parameters.GetValueOrDefault("access_token");
        if (string.IsNullOrEmpty(token)) return Error(400, 104, "An access token is required to request this resource.");
        if (token != Options.Token) return Error(400, 190, "Invalid OAuth access token - Cannot parse access token");
        return null;
    }

    /// <summary>Checks parameter names, required ones and simple types against the edge's list in the spec file.</summary>
    protected FakeResponse? CheckParameters(string method, string edge, Dictionary<string, string> parameters, IEnumerable<string>? extraAllowed = null)
    {
        if (!_edges.TryGetValue((method, edge), out var known))
            throw new InvalidOperationException($"the Graph spec has no {method} {edge}");
        var extra = extraAllowed?.ToHashSet() ?? [];
        foreach (var (name, value) in parameters)
        {
            if (Universal.Contains(name) || extra.Contains(name)) continue;
            if (!known.TryGetValue(name, out var spec)) return Error(400, 100, $"(#100) Param {name} is not a valid parameter");
            if (!TypeOk(spec.Type, value)) return Error(400, 100, $"(#100) Param {name} must be a valid {spec.Type}");
        }
        foreach (var (name, spec) in known)
        {
            if (spec.Required && !parameters.ContainsKey(name)) return Error(400, 100, $"(#100) The parameter {name} is required");
        }
        return null;
    }

    private static bool TypeOk(string type, string value)
    {
        switch (type)
        {
            case "bool":
                return value is "true" or "false" or "1" or "0";
            case "unsigned int":
                return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            case "int":
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case "Object" or "map":
                return IsJson(value, JsonValueKind.Object);
            case "list<string>":
                return IsJson(value, JsonValueKind.Array) || !value.TrimStart().StartsWith('[');
            case var list when list.StartsWith("list<", StringComparison.Ordinal):
                return IsJson(value, JsonValueKind.Array);
            default:
                return true; // strings, datetimes and enums whose values the spec does not list
        }
    }

    private static bool IsJson(string value, JsonValueKind kind)
    {
        try { return JsonNode.Parse(value)?.GetValueKind() == kind; }
        catch (JsonException) { return false; }
    }

    protected static bool PostBodyOk(FakeRequest r) =>
        r.Form is not null || r.IsJson || r.Body.Length == 0;

    protected static FakeResponse Error(int status, int code, string message, int? subcode = null, string type = "OAuthException", bool? transient = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code };
        if (subcode is not null) error["error_subcode"] = subcode;
        if (transient is not null) error["is_transient"] = transient;
        error["fbtrace_id"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9));
        return FakeResponse.Json(status, new JsonObject { ["error"] = error });
    }

    protected FakeResponse NoSuchObject(string id) =>
        Error(400, 100, $"Unsupported request - method type: get. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", 33, "GraphMethodException");

    /// <summary>Graph's own time format: "2025-04-01T09:30:00+0000".</summary>
    protected static string GraphTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    protected static FakeResponse? CheckFields(string? fields, IReadOnlySet<string> known, string nodeType)
    {
        foreach (var field in (fields ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!known.Contains(field)) return Error(400, 100, $"(#100) Tried accessing nonexisting field ({field}) on node type ({nodeType})");
        }
        return null;
    }

    /// <summary>The most objects one page of an edge holds; a larger <c>limit</c> is refused.</summary>
    protected const int MaxLimit = 100;

    /// <summary>
    /// One page of a cursor-paginated edge, newest first: <c>limit</c> (default 25, at most <see cref="MaxLimit"/>),
    /// <c>after</c> / <c>before</c> cursors from an earlier page's <c>paging.cursors</c>. The answer carries
    /// <c>paging.cursors</c> and, while older objects remain, <c>paging.next</c> (a full URL with the query repeated
    /// and — as Graph writes it — the access token); <c>previous</c> when the page did not start at the newest.
    /// An empty page has no paging. A cursor this edge did not issue is error 2642.
    /// </summary>
    /// <param name="timeline">The edge's objects, newest first, already filtered (since/until…).</param>
    /// <param name="store">Where the objects are (<see cref="FakePlatformServer.Posts"/> unless given: tagged posts are in <see cref="FakePlatformServer.Mentions"/>).</param>
    protected FakeResponse CursorPage(FakeRequest r, Dictionary<string, string> parameters, string kind, List<Paging.Entry> timeline, Func<FakePost, JsonNode> render,
        PostStore? store = null)
    {
        store ??= Server.Posts;
        var limit = 25;
        if (parameters.TryGetValue("limit", out var given))
        {
            if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
                return Error(400, 100, "(#100) Param limit must be a valid unsigned int");
            if (limit > MaxLimit) return Error(400, 100, $"(#100) The limit parameter should not exceed {MaxLimit}");
            if (limit == 0) limit = 25;
        }
        Paging.Key? after = null, before = null;
        if (parameters.TryGetValue("after", out var afterCursor))
        {
            if (!Paging.TryRead(kind, afterCursor, store, out var key)) return Error(400, 2642, "(#2642) Invalid cursors values");
            after = key;
        }
        if (parameters.TryGetValue("before", out var beforeCursor))
        {
            if (!Paging.TryRead(kind, beforeCursor, store, out var key) || after is not null) return Error(400, 2642, "(#2642) Invalid cursors values");
            before = key;
        }

        List<Paging.Entry> page;
        bool olderRemain, newerRemain;
        if (before is { } b)
        {
            // The page just newer than the cursor.
            var newer = timeline.Where(e => Paging.IsNewer(e, b)).ToList();
            page = newer.Skip(Math.Max(0, newer.Count - limit)).ToList();
            newerRemain = newer.Count > page.Count;
            olderRemain = timeline.Count > newer.Count;
        }
        else
        {
            var older = after is { } a ? timeline.Where(e => Paging.IsOlder(e, a)).ToList() : timeline;
            page = older.Take(limit).ToList();
            olderRemain = older.Count > page.Count;
            newerRemain = after is not null;
        }

        var body = new JsonObject { ["data"] = new JsonArray([.. page.Select(e => render(e.Post))]) };
        if (page.Count == 0) return FakeResponse.Json(200, body);
        var first = Paging.Cursor(kind, page[0]);
        var last = Paging.Cursor(kind, page[^1]);
        var paging = new JsonObject { ["cursors"] = new JsonObject { ["before"] = first, ["after"] = last } };
        if (newerRemain) paging["previous"] = PageUrl(r, parameters, "before", first);
        if (olderRemain) paging["next"] = PageUrl(r, parameters, "after", last);
        body["paging"] = paging;
        return FakeResponse.Json(200, body);
    }

    /// <summary>The same request for another page, as Graph writes it: every parameter repeated, the access token included.</summary>
    private string PageUrl(FakeRequest r, Dictionary<string, string> parameters, string cursorName, string cursor)
    {
        var query = parameters.Where(kv => kv.Key is not ("after" or "before" or "access_token"))
            .Append(new("access_token", Options.Token))
            .Append(new(cursorName, cursor))
            .Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value));
        return Server.BaseUrl.AbsoluteUri.TrimEnd('/') + r.Path + "?" + string.Join("&", query);
    }

    public override FakeResponse ServerError() =>
        Error(500, 2, "An unexpected error has occurred. Please retry your request later.", transient: true);

    public override void AddRateLimitHeaders(FakeResponse response, RateLimitWindow.State state)
    {
        var used = state.Limit == 0 ? 0 : Math.Min(100, (int)Math.Round(100.0 * (state.Limit - state.Remaining) / state.Limit));
        var regain = state.Exceeded ? (int)Math.Ceiling((state.ResetAt - Now).TotalMinutes) : 0;
        response.Headers["x-app-usage"] = new JsonObject { ["call_count"] = used, ["total_cputime"] = used / 2, ["total_time"] = used / 2 }.ToJsonString();
        response.Headers["x-business-use-case-usage"] = new JsonObject
        {
            [AccountId] = new JsonArray(new JsonObject
            {
                ["type"] = UsageType,
                ["call_count"] = used,
                ["total_cputime"] = used / 2,
                ["total_time"] = used / 2,
                ["estimated_time_to_regain_access"] = Math.Max(0, regain),
            }),
        }.ToJsonString();
    }

    /// <summary>Splits "/{id}/{edge}" or "/{id}".</summary>
    protected static (string Id, string Edge) Route(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts.Length switch
        {
            1 => (parts[0], ""),
            2 => (parts[0], parts[1]),
            _ => (path, "?"),
        };
    }
}
