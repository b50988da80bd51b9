using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Koho.FakePlatforms;

/// <summary>One request, read completely before the platform logic runs (so a "drop" fault can happen before or after it).</summary>
public sealed class FakeRequest
{
    public required string Method { get; init; }
    /// <summary>The path without the Graph API version prefix (/v21.0).</summary>
    public required string Path { get; init; }
    public required string PathAndQuery { get; init; }
    public required IQueryCollection Query { get; init; }
    public required IHeaderDictionary Headers { get; init; }
    public string? ContentType { get; init; }
    public required byte[] Body { get; init; }
    public IFormCollection? Form { get; init; }
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The token of "Authorization: Bearer …", or null.</summary>
    public string? Bearer
    {
        get
        {
            var auth = Headers.Authorization.ToString();
            return auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;
        }
    }

    public bool IsJson => ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>The body as a JSON object, or null (not JSON, or not an object).</summary>
    public JsonObject? JsonBody()
    {
        try { return JsonNode.Parse(Body) as JsonObject; }
        catch (JsonException) { return null; }
    }
}

public sealed class FakeResponse
{
    public int Status { get; init; } = 200;
    public string? Body { get; init; }
    public string ContentType { get; init; } = "application/json; charset=utf-8";
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static FakeResponse Json(int status, JsonNode body) => new() { Status = status, Body = body.ToJsonString() };

    public FakeResponse With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }
}

/// <summary>One published post as the fake stores it.</summary>
/// <param name="IdempotencyKey">The key the client sent (LINE retry key, Mastodon Idempotency-Key, Bluesky rkey), if any.</param>
/// <param name="Data">The platform-shaped record (Bluesky record, Mastodon status, media containers…).</param>
public sealed record FakePost(string Id, string Text, string? IdempotencyKey, DateTimeOffset At, bool Deleted, JsonObject? Data);

/// <summary>Thread-safe store of published posts, queryable by tests.</summary>
public sealed class PostStore
{
    private readonly List<FakePost> _posts = [];
    private readonly Lock _lock = new();

    public void Add(FakePost post)
    {
        lock (_lock) _posts.Add(post);
    }

    /// <summary>Every post ever published here, deleted ones included, oldest first.</summary>
    public IReadOnlyList<FakePost> All
    {
        get { lock (_lock) return [.. _posts]; }
    }

    /// <summary>Posts that are still up, oldest first.</summary>
    public IReadOnlyList<FakePost> Active
    {
        get { lock (_lock) return [.. _posts.Where(p => !p.Deleted)]; }
    }

    public FakePost? Find(string id)
    {
        lock (_lock) return _posts.LastOrDefault(p => p.Id == id);
    }

    public bool MarkDeleted(string id)
    {
        lock (_lock)
        {
            var i = _posts.FindLastIndex(p => p.Id == id && !p.Deleted);
            if (i < 0) return false;
            _posts[i] = _posts[i] with { Deleted = true };
            return true;
        }
    }

    public void Clear()
    {
        lock (_lock) _posts.Clear();
    }
}

/// <summary>An account that exists on the platform (for the account search), seeded by a test.</summary>
/// <param name="Id">The platform's id of it (X user id, Mastodon account id, Bluesky DID…).</param>
/// <param name="Handle">As seeded (Mastodon: acct, "user" or "user@domain").</param>
public sealed record FakeProfile(string Id, string Handle, string? DisplayName);

/// <summary>Thread-safe store of seeded accounts, in the order they were added.</summary>
public sealed class ProfileStore
{
    private readonly List<FakeProfile> _profiles = [];
    private readonly Lock _lock = new();

    public void Add(FakeProfile profile)
    {
        lock (_lock) _profiles.Add(profile);
    }

    public IReadOnlyList<FakeProfile> All
    {
        get { lock (_lock) return [.. _profiles]; }
    }

    /// <summary>
    /// Roughly what the platforms' account searches find: the handle or the display name contains the query,
    /// ignoring case (a leading "@" in the query is ignored).
    /// </summary>
    public IReadOnlyList<FakeProfile> Search(string query)
    {
        var q = query.Trim().TrimStart('@');
        if (q.Length == 0) return [];
        return [.. All.Where(p => p.Handle.Contains(q, StringComparison.OrdinalIgnoreCase)
                                  || p.DisplayName?.Contains(q, StringComparison.OrdinalIgnoreCase) == true)];
    }

    public void Clear()
    {
        lock (_lock) _profiles.Clear();
    }
}

/// <param name="Status">The status sent, or 0 when the connection was dropped.</param>
/// <param name="Fault">The fault injected into this request, if any.</param>
public sealed record LoggedRequest(string Method, string PathAndQuery, string Operation, int Status, DateTimeOffset At,
    [property: JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))] FaultKind Fault);

/// <summary>Counts requests per operation ("POST /2/tweets", "createSession", …) and keeps a log of them.</summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _byOperation = new();
    private readonly ConcurrentQueue<LoggedRequest> _log = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);
    public int this[string operation] => _byOperation.TryGetValue(operation, out var n) ? n : 0;
    public IReadOnlyDictionary<string, int> ByOperation => new Dictionary<string, int>(_byOperation);
    /// <summary>Every request in arrival order (paths with queries, so a test can check no secret was put in a URL).</summary>
    public IReadOnlyList<LoggedRequest> Log => [.. _log];

    internal void Count(string operation)
    {
        Interlocked.Increment(ref _total);
        _byOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
    }

    internal void Record(LoggedRequest request) => _log.Enqueue(request);

    internal void Clear()
    {
        _byOperation.Clear();
        _log.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}

public enum FaultScope { Publish, All }

/// <summary>Faults and behaviour a test can change at run time (in process, or as JSON through POST /_fake/faults).</summary>
public sealed class FaultSettings
{
    /// <summary>Delay before every answer (real time, to exercise client timeouts).</summary>
    public int LatencyMs { get; set; }
    /// <summary>The next N requests in scope answer 429 (or the platform's throttling error) with its rate-limit headers.</summary>
    public int RateLimitNext { get; set; }
    /// <summary>When the injected rate limit resets, from now.</summary>
    public int RateLimitResetSeconds { get; set; } = 60;
    /// <summary>The next N requests in scope answer 500 in the platform's error shape, without acting.</summary>
    public int ServerErrorNext { get; set; }
    /// <summary>The next N requests in scope are processed (the post IS stored) and then the connection is dropped with no answer.</summary>
    public int DropAfterProcessingNext { get; set; }
    /// <summary>The next N requests in scope are read and the connection dropped without processing them.</summary>
    public int DropBeforeProcessingNext { get; set; }
    /// <summary>The next N publish requests answer the platform's duplicate-content error (X 403, Facebook 506) without storing.</summary>
    public int DuplicateNext { get; set; }
    /// <summary>Probability that a request in scope gets a random fault (429, 500, drop before, drop after).</summary>
    public double RandomFaultRate { get; set; }
    public int RandomSeed { get; set; } = 1;
    /// <summary>Which requests the faults above apply to: only the call that creates the post (default) or every platform call.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<FaultScope>))]
    public FaultScope Scope { get; set; } = FaultScope.Publish;

    /// <summary>Instagram: status checks that answer IN_PROGRESS before a new container reaches <see cref="ContainerFinalStatus"/>.</summary>
    public int ContainerInProgressPolls { get; set; }
    /// <summary>Instagram: FINISHED, ERROR or EXPIRED.</summary>
    public string ContainerFinalStatus { get; set; } = "FINISHED";
    /// <summary>Mastodon: status checks answering 206 before an uploaded image is processed (0 = processed at once, 200).</summary>
    public int MediaProcessingPolls { get; set; }
    /// <summary>
    /// Bluesky: the answer to createRecord with an rkey that exists. "InternalServerError" (default) is what the
    /// reference PDS does at the lexicon commit in platform-specs (no declared error); "InvalidRequest" answers 400
    /// "Record already exists".
    /// </summary>
    public string ExistingRecordError { get; set; } = "InternalServerError";

    public FaultSettings Clone() => (FaultSettings)MemberwiseClone();
}

public enum FaultKind { None, RateLimit, ServerError, DropBefore, DropAfter, Duplicate }

/// <summary>Decides, request by request, which fault (if any) applies.</summary>
public sealed class FaultInjector
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly Lock _lock = new();
    private FaultSettings _settings = new();
    private Random _random = new(1);

    public FaultSettings Current
    {
        get { lock (_lock) return _settings.Clone(); }
    }

    public void Configure(Action<FaultSettings> change)
    {
        lock (_lock)
        {
            var seed = _settings.RandomSeed;
            change(_settings);
            if (_settings.RandomSeed != seed) _random = new Random(_settings.RandomSeed);
        }
    }

    /// <summary>Applies the properties present in <paramref name="patch"/> (JSON, camelCase) and leaves the rest.</summary>
    public FaultSettings Patch(JsonObject patch)
    {
        lock (_lock)
        {
            var current = JsonSerializer.SerializeToNode(_settings, Json)!.AsObject();
            foreach (var (key, value) in patch)
            {
                var name = current.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                           ?? throw new ArgumentException($"unknown fault setting '{key}'");
                current[name] = value?.DeepClone();
            }
            var seed = _settings.RandomSeed;
            _settings = current.Deserialize<FaultSettings>(Json)!;
            if (_settings.RandomSeed != seed) _random = new Random(_settings.RandomSeed);
            return _settings.Clone();
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _settings = new FaultSettings();
            _random = new Random(1);
        }
    }

    internal (FaultKind Kind, int LatencyMs, int ResetSeconds) Decide(bool isPublish)
    {
        lock (_lock)
        {
            var s = _settings;
            var inScope = isPublish || s.Scope == FaultScope.All;
            var kind = FaultKind.None;
            if (inScope)
            {
                if (s.DropBeforeProcessingNext > 0) { s.DropBeforeProcessingNext--; kind = FaultKind.DropBefore; }
                else if (s.RateLimitNext > 0) { s.RateLimitNext--; kind = FaultKind.RateLimit; }
                else if (s.ServerErrorNext > 0) { s.ServerErrorNext--; kind = FaultKind.ServerError; }
                else if (s.DuplicateNext > 0 && isPublish) { s.DuplicateNext--; kind = FaultKind.Duplicate; }
                else if (s.DropAfterProcessingNext > 0) { s.DropAfterProcessingNext--; kind = FaultKind.DropAfter; }
                else if (s.RandomFaultRate > 0 && _random.NextDouble() < s.RandomFaultRate)
                    kind = (FaultKind)(1 + _random.Next(4)); // RateLimit, ServerError, DropBefore, DropAfter
            }
            return (kind, s.LatencyMs, s.RateLimitResetSeconds);
        }
    }
}

/// <summary>A fixed window of requests, reported in every answer's rate-limit headers and enforced with 429.</summary>
public sealed class RateLimitWindow(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;
    private int _used;

    public readonly record struct State(int Limit, int Remaining, DateTimeOffset ResetAt, bool Exceeded);

    public State Consume()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now >= _resetAt)
            {
                _resetAt = now + window;
                _used = 0;
            }
            _used++;
            return new State(limit, Math.Max(0, limit - _used), _resetAt, _used > limit);
        }
    }

    /// <summary>An injected 429: the window is spent until <paramref name="resetAt"/>.</summary>
    public State Exhaust(DateTimeOffset resetAt)
    {
        lock (_lock)
        {
            _resetAt = resetAt;
            _used = limit;
            return new State(limit, 0, resetAt, true);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _resetAt = DateTimeOffset.MinValue;
            _used = 0;
        }
    }
}
