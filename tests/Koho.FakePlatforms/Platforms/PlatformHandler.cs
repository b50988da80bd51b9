using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// A post by someone else mentioning (or replying to) the account, platform-shaped for the platform's read API
    /// (see <see cref="FakePlatformServer.SeedMention"/>); the server stores it. The default suits a platform that
    /// serves none (LINE).
    /// </summary>
    public virtual FakePost NewMention(string authorHandle, string? authorName, string text, DateTimeOffset at, bool isReply) =>
        new(TimeId(at, 0, 16), text, null, at, false, MentionData(authorHandle, authorName, isReply));

    /// <summary>An account for the platform's account search (see <see cref="FakePlatformServer.SeedProfile"/>).</summary>
    public virtual FakeProfile NewProfile(string handle, string? displayName) =>
        new(NumericId(handle, 100_000_000_000_000), handle, displayName);

    /// <summary>What every seeded mention's <see cref="FakePost.Data"/> holds.</summary>
    protected static JsonObject MentionData(string authorHandle, string? authorName, bool isReply) =>
        new() { ["authorHandle"] = authorHandle, ["authorName"] = authorName, ["isReply"] = isReply };

    /// <summary>
    /// A numeric id that sorts like <paramref name="at"/>, as snowflakes do: milliseconds since
    /// <paramref name="epochMs"/> above <paramref name="sequenceBits"/> bits of a counter (seeding in any order keeps
    /// ids in time order).
    /// </summary>
    protected string TimeId(DateTimeOffset at, long epochMs, int sequenceBits)
    {
        var sequence = Interlocked.Increment(ref _sequence) & ((1L << sequenceBits) - 1);
        return (((at.ToUnixTimeMilliseconds() - epochMs) << sequenceBits) | sequence).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A stable numeric id for a name (an author's user id: the same handle always gets the same one).</summary>
    protected static string NumericId(string name, long @base) =>
        (@base + (long)(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name.ToLowerInvariant()))) % 100_000_000_000_000UL))
        .ToString(CultureInfo.InvariantCulture);

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
