using System.Globalization;
using System.Text.Json.Nodes;

namespace Koho.FakePlatforms.Platforms;

/// <summary>One platform's behaviour behind the shared pipeline (faults, rate-limit window, logging, admin API).</summary>
internal abstract class PlatformHandler(FakePlatformServer server)
{
    protected FakePlatformServer Server { get; } = server;
    protected FakePlatformOptions Options => Server.Options;
    protected DateTimeOffset Now => Server.Now;

    /// <summary>Path prefix of <see cref="FakePlatformServer.BaseUrl"/> ("/v21.0" for Graph API fakes).</summary>
    public virtual string BasePath => "";

    public abstract string AccountId { get; }

    /// <summary>The secrets a Koho <c>Connection</c> to this fake carries.</summary>
    public abstract IReadOnlyDictionary<string, string> Secrets();

    /// <summary>A stable name for the request's operation, for counters and fault scope.</summary>
    public abstract string Operation(FakeRequest request);

    /// <summary>Whether the operation creates the public post (the default target of faults).</summary>
    public abstract bool IsPublish(string operation);

    public abstract Task<FakeResponse> HandleAsync(FakeRequest request, string operation);

    /// <summary>The platform's throttling answer.</summary>
    public abstract FakeResponse RateLimited(RateLimitWindow.State state);

    /// <summary>The platform's internal-error answer.</summary>
    public abstract FakeResponse ServerError();

    /// <summary>The platform's duplicate-content refusal, or null where it has none (the fault is then ignored).</summary>
    public virtual FakeResponse? Duplicate(FakeRequest request) => null;

    /// <summary>Rate-limit headers the platform puts on every answer (none by default).</summary>
    public virtual void AddRateLimitHeaders(FakeResponse response, RateLimitWindow.State state) { }

    public virtual void Reset() { }

    /// <summary>Stores a post as if it had been published at <paramref name="at"/> (see <see cref="FakePlatformServer.Seed"/>).</summary>
    public virtual FakePost Seed(string text, DateTimeOffset at) =>
        throw new NotSupportedException($"{Server.Network} の fake は投稿の直接追加に対応していません");

    public virtual bool AdminAction(string action) => false;

    protected static string Epoch(DateTimeOffset t) =>
        ((long)Math.Ceiling(t.ToUnixTimeMilliseconds() / 1000.0)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sequential numeric ids, like the platforms' snowflakes.</summary>
    protected string NextId(long seed)
    {
        var n = Interlocked.Increment(ref _sequence);
        return (seed + n).ToString(CultureInfo.InvariantCulture);
    }

    private long _sequence;

    protected static JsonObject Obj(params (string Key, JsonNode? Value)[] properties)
    {
        var o = new JsonObject();
        foreach (var (k, v) in properties) o[k] = v;
        return o;
    }
}
