using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.Connectors;
using Koho.FakePlatforms.Platforms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Koho.FakePlatforms;

public static class FakePlatform
{
    /// <summary>Starts one fake platform on 127.0.0.1 (a free port unless <see cref="FakePlatformOptions.Port"/> is set).</summary>
    public static async Task<FakePlatformServer> StartAsync(Network network, FakePlatformOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FakePlatformOptions();
        var server = new FakePlatformServer(network, options);
        await server.StartAsync(ct).ConfigureAwait(false);
        return server;
    }
}

/// <summary>
/// A running fake platform: its <see cref="BaseUrl"/> (what a <see cref="Connection"/> points at), the posts it
/// stored, request counters and run-time faults. Everything is also reachable over HTTP under /_fake/ (see
/// <see cref="AdminClient"/>), for tests that run Koho as a separate process and only know the URL.
/// </summary>
public sealed partial class FakePlatformServer : IAsyncDisposable
{
    private readonly PlatformHandler _handler;
    private readonly RateLimitWindow _window;
    private WebApplication? _app;

    internal FakePlatformServer(Network network, FakePlatformOptions options)
    {
        Network = network;
        Options = options;
        SpecsDirectory = SpecFiles.Locate(options.SpecsDirectory);
        _window = new RateLimitWindow(options.RateLimit, options.RateLimitWindow, options.TimeProvider);
        _handler = network switch
        {
            Network.X => new XFake(this),
            Network.Facebook => new FacebookFake(this),
            Network.Instagram => new InstagramFake(this),
            Network.Line => new LineFake(this),
            Network.Mastodon => new MastodonFake(this),
            Network.Bluesky => new BlueskyFake(this),
            _ => throw new ArgumentOutOfRangeException(nameof(network)),
        };
    }

    public Network Network { get; }
    public FakePlatformOptions Options { get; }
    public string SpecsDirectory { get; }
    /// <summary>The server's root (admin API at /_fake/).</summary>
    public Uri RootUrl { get; private set; } = null!;
    /// <summary>The API base a connector is given (Graph API fakes include a version segment, as the real one does).</summary>
    public Uri BaseUrl { get; private set; } = null!;
    public string AccountId => _handler.AccountId;
    public PostStore Posts { get; } = new();
    /// <summary>
    /// Posts by others that mention or reply to the account (seeded with <see cref="SeedMention"/>), served by the
    /// platforms' read APIs. <see cref="FakePost.Data"/> holds authorHandle, authorName, isReply and the
    /// platform-shaped details (ids of the author, URLs).
    /// </summary>
    public PostStore Mentions { get; } = new();
    /// <summary>Accounts the platform's account search can find (seeded with <see cref="SeedProfile"/>).</summary>
    public ProfileStore Profiles { get; } = new();
    public RequestCounters Counters { get; } = new();
    public FaultInjector Faults { get; } = new();

    internal DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>A connection with the credentials this fake accepts.</summary>
    public Connection CreateConnection() => new(BaseUrl, _handler.AccountId, _handler.Secrets());

    /// <summary>A connection whose credentials are wrong (the same keys, other values).</summary>
    public Connection CreateConnectionWithWrongCredentials() =>
        new(BaseUrl, _handler.AccountId, _handler.Secrets().ToDictionary(kv => kv.Key, kv => kv.Key == "identifier" ? kv.Value : "wrong-" + kv.Value));

    /// <summary>
    /// Stores a post as if it had been published at <paramref name="at"/>, platform-shaped like one published through
    /// the API (X, Facebook, Instagram, Mastodon), without a request: for filling a timeline with thousands of posts
    /// quickly. Times must not go backwards (ids follow time, as the platforms' snowflakes do).
    /// </summary>
    public FakePost Seed(string text, DateTimeOffset at)
    {
        lock (_seedLock)
        {
            if (Posts.All is [.., var newest] && at < newest.At)
                throw new ArgumentException($"a seeded post cannot be older than the newest stored post ({newest.At:O})", nameof(at));
            return _handler.Seed(text, at);
        }
    }

    private readonly Lock _seedLock = new();

    /// <summary>
    /// Stores a post by someone else that mentions the account (or, with <paramref name="isReply"/>, replies to one of
    /// its posts), as if the platform had recorded it at <paramref name="at"/>: X mentions, Facebook posts tagging the
    /// Page, Instagram media tagging the account, Mastodon mention notifications, Bluesky mention/reply notifications.
    /// Any order of times is fine. LINE stores it but serves nothing (LINE has no such API).
    /// </summary>
    /// <param name="authorHandle">Without "@" (Mastodon: "user" for a local account, "user@domain" for a remote one; Bluesky: a domain handle).</param>
    public FakePost SeedMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply = false)
    {
        var mention = NewMention(authorHandle, authorName, text, at, isReply);
        Mentions.Add(mention);
        return mention;
    }

    /// <summary>Adds an account the platform's account search finds (X, Mastodon, Bluesky; stored but not served elsewhere).</summary>
    public FakeProfile SeedProfile(string handle, string? displayName = null)
    {
        var profile = NewProfile(handle, displayName);
        Profiles.Add(profile);
        return profile;
    }

    private FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorHandle);
        ArgumentNullException.ThrowIfNull(text);
        return _handler.NewMention(authorHandle.TrimStart('@'), authorName, text, at, isReply);
    }

    private FakeProfile NewProfile(string handle, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handle);
        return _handler.NewProfile(handle.TrimStart('@'), displayName);
    }

    /// <summary>Platform-specific admin actions (e.g. Bluesky "expire-sessions").</summary>
    public void Invoke(string action) => _handler.AdminAction(action);

    /// <summary>Clears posts, mentions, profiles, counters, faults and platform state (sessions, idempotency keys, containers).</summary>
    public void Reset()
    {
        Posts.Clear();
        Mentions.Clear();
        Profiles.Clear();
        Counters.Clear();
        Faults.Reset();
        _window.Reset();
        _handler.Reset();
    }

    internal async Task StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakePlatform).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Options.Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        _app = app;
        RootUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        BaseUrl = new Uri(RootUrl, _handler.BasePath.TrimStart('/'));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    // ---- the request pipeline ------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext ctx)
    {
        var request = await ReadAsync(ctx).ConfigureAwait(false);
        if (request.Path.StartsWith("/_fake/", StringComparison.Ordinal))
        {
            await WriteAsync(ctx, Admin(request)).ConfigureAwait(false);
            return;
        }

        var operation = _handler.Operation(request);
        Counters.Count(operation);
        var (fault, latency, resetSeconds) = Faults.Decide(_handler.IsPublish(operation));
        if (latency > 0)
        {
            try { await Task.Delay(latency, ctx.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        if (fault == FaultKind.DropBefore)
        {
            Counters.Record(new LoggedRequest(request.Method, request.PathAndQuery, operation, 0, Now, fault));
            ctx.Abort();
            return;
        }

        FakeResponse response;
        RateLimitWindow.State limit;
        try
        {
            switch (fault)
            {
                case FaultKind.RateLimit:
                    limit = _window.Exhaust(Now + TimeSpan.FromSeconds(resetSeconds));
                    response = _handler.RateLimited(limit);
                    break;
                case FaultKind.ServerError:
                    limit = _window.Consume();
                    response = _handler.ServerError();
                    break;
                default:
                    limit = _window.Consume();
                    response = limit.Exceeded ? _handler.RateLimited(limit)
                        : fault == FaultKind.Duplicate && _handler.Duplicate(request) is { } duplicate ? duplicate
                        : await _handler.HandleAsync(request, operation).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the fake itself: say so loudly rather than imitate the platform.
            limit = new RateLimitWindow.State(0, 0, Now, false);
            response = FakeResponse.Json(599, new JsonObject { ["fakeError"] = e.ToString() });
        }
        _handler.AddRateLimitHeaders(response, limit);
        Counters.Record(new LoggedRequest(request.Method, request.PathAndQuery, operation, fault == FaultKind.DropAfter ? 0 : response.Status, Now, fault));
        if (fault == FaultKind.DropAfter)
        {
            // Processed and stored, but the client never hears back: the ambiguous case.
            ctx.Abort();
            return;
        }
        await WriteAsync(ctx, response).ConfigureAwait(false);
    }

    private static async Task<FakeRequest> ReadAsync(HttpContext ctx)
    {
        ctx.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
        ctx.Request.Body.Position = 0;
        IFormCollection? form = null;
        if (ctx.Request.HasFormContentType)
        {
            try { form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false); }
            catch (InvalidDataException) { }
            catch (IOException) { }
        }
        var path = VersionPrefix().Replace(ctx.Request.Path.Value ?? "/", "");
        return new FakeRequest
        {
            Method = ctx.Request.Method,
            Path = path.Length == 0 ? "/" : path,
            PathAndQuery = ctx.Request.Path.Value + ctx.Request.QueryString.Value,
            Query = ctx.Request.Query,
            Headers = ctx.Request.Headers,
            ContentType = ctx.Request.ContentType,
            Body = buffer.ToArray(),
            Form = form,
        };
    }

    private static async Task WriteAsync(HttpContext ctx, FakeResponse response)
    {
        ctx.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers) ctx.Response.Headers[name] = value;
        if (response.Body is null) return;
        ctx.Response.ContentType = response.ContentType;
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(response.Body)).ConfigureAwait(false);
    }

    [GeneratedRegex(@"^/v\d+\.\d+(?=/|$)")]
    private static partial Regex VersionPrefix();

    // ---- admin API -------------------------------------------------------------------------------------------

    private FakeResponse Admin(FakeRequest r)
    {
        var json = FaultInjector.Json;
        var action = r.Path["/_fake/".Length..].TrimEnd('/');
        switch (r.Method, action)
        {
            case ("GET", "posts"):
                return new FakeResponse { Body = JsonSerializer.Serialize(Posts.All, json) };
            case ("DELETE", "posts"):
                Posts.Clear();
                return new FakeResponse { Status = 204 };
            case ("GET", "faults"):
                return new FakeResponse { Body = JsonSerializer.Serialize(Faults.Current, json) };
            case ("POST", "faults"):
                if (r.JsonBody() is not { } patch) return FakeResponse.Json(400, new JsonObject { ["error"] = "expected a JSON object of fault settings" });
                try { return new FakeResponse { Body = JsonSerializer.Serialize(Faults.Patch(patch), json) }; }
                catch (Exception e) when (e is ArgumentException or JsonException) { return FakeResponse.Json(400, new JsonObject { ["error"] = e.Message }); }
            case ("GET", "counters"):
                return new FakeResponse { Body = JsonSerializer.Serialize(new { total = Counters.Total, operations = Counters.ByOperation }, json) };
            case ("GET", "requests"):
                return new FakeResponse { Body = JsonSerializer.Serialize(Counters.Log, json) };
            case ("GET", "mentions"):
                return new FakeResponse { Body = JsonSerializer.Serialize(Mentions.All, json) };
            case ("POST", "mentions"):
                return SeedAll(r, "mentions", item => NewMention(
                    Required(item, "authorHandle"), Optional(item, "authorName"), Required(item, "text"),
                    DateTimeOffset.Parse(Required(item, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    item["isReply"] is JsonValue reply && reply.GetValue<bool>()), Mentions.Add);
            case ("GET", "profiles"):
                return new FakeResponse { Body = JsonSerializer.Serialize(Profiles.All, json) };
            case ("POST", "profiles"):
                return SeedAll(r, "profiles", item => NewProfile(Required(item, "handle"), Optional(item, "displayName")), Profiles.Add);
            case ("POST", "reset"):
                Reset();
                return new FakeResponse { Status = 204 };
            case ("GET", "info"):
                return FakeResponse.Json(200, new JsonObject { ["network"] = Network.ToString(), ["baseUrl"] = BaseUrl.AbsoluteUri, ["accountId"] = AccountId });
            case ("POST", _):
                return _handler.AdminAction(action) ? new FakeResponse { Status = 204 } : FakeResponse.Json(404, new JsonObject { ["error"] = "no such admin action" });
            default:
                return FakeResponse.Json(404, new JsonObject { ["error"] = "no such admin endpoint" });
        }
    }

    /// <summary>POST /_fake/mentions and /_fake/profiles: a JSON array of items, all stored or (on any bad item) none.</summary>
    private FakeResponse SeedAll<T>(FakeRequest r, string what, Func<JsonObject, T> create, Action<T> store)
    {
        JsonArray? items;
        try { items = JsonNode.Parse(r.Body) as JsonArray; }
        catch (JsonException) { items = null; }
        if (items is null || items.Any(i => i is not JsonObject))
            return FakeResponse.Json(400, new JsonObject { ["error"] = $"expected a JSON array of {what} (objects)" });
        var objects = items.Select(i => i!.AsObject()).ToList();
        try
        {
            // Every item is checked and made (the platform may refuse it: a Bluesky handle that is no domain) before any is stored.
            foreach (var item in objects) CheckSeed(item, what);
            var made = objects.Select(create).ToList();
            made.ForEach(store);
            return new FakeResponse { Body = JsonSerializer.Serialize(made, FaultInjector.Json) };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return FakeResponse.Json(400, new JsonObject { ["error"] = e.Message });
        }
    }

    private static void CheckSeed(JsonObject item, string what)
    {
        string[] known = what == "mentions" ? ["authorHandle", "authorName", "text", "at", "isReply"] : ["handle", "displayName"];
        if (item.Select(kv => kv.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new ArgumentException($"unknown property '{unknown}' (expected {string.Join(", ", known)})");
        if (string.IsNullOrWhiteSpace(Required(item, what == "mentions" ? "authorHandle" : "handle")))
            throw new ArgumentException("a handle must not be empty");
        if (what != "mentions")
        {
            Optional(item, "displayName");
            return;
        }
        if (!DateTimeOffset.TryParse(Required(item, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            throw new FormatException("'at' must be an ISO 8601 date and time");
        Required(item, "text");
        Optional(item, "authorName");
        if (item["isReply"] is { } reply && (reply is not JsonValue v || !v.TryGetValue<bool>(out _)))
            throw new ArgumentException("'isReply' must be true or false");
    }

    private static string Required(JsonObject item, string name) =>
        item[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ArgumentException($"'{name}' (a string) is required");

    private static string? Optional(JsonObject item, string name) =>
        item[name] is null ? null : item[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ArgumentException($"'{name}' must be a string");

    /// <summary>Leaves Ctrl+C and SIGTERM alone: the test process or Program owns them.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
