using Koho.Connectors;

namespace Koho.Web.Posts.Publishing;

/// <summary>Koho:Publishing — how the publisher runs. The defaults suit one or a few nodes.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Koho:Publishing";

    /// <summary>Whether this node runs the scheduler at all (a node can serve pages only).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often due posts are looked for (seconds).</summary>
    public int IntervalSeconds { get; set; } = 10;
    /// <summary>How long a node holds a target while it publishes it; longer than a call's timeout plus in-call retries.</summary>
    public int LeaseSeconds { get; set; } = 120;
    /// <summary>Targets taken per run, and worked on at once.</summary>
    public int BatchSize { get; set; } = 50;
    public int Parallelism { get; set; } = 4;
    /// <summary>Attempts at one target before it is given up (each recorded).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Timeout of one platform call (seconds); a timeout is ambiguous and reconciled.</summary>
    public int CallTimeoutSeconds { get; set; } = 30;
    /// <summary>
    /// How long after a lost answer before the timeline is read back (X, Facebook, Instagram list new posts with a
    /// delay; a read-back too soon could miss the post and send it again).
    /// </summary>
    public int ReconcileDelaySeconds { get; set; } = 60;
    /// <summary>Whether API addresses on this machine over plain http are accepted (tests and local fakes only).</summary>
    public bool AllowLoopbackApis { get; set; }
    /// <summary>This node's name in the attempts and leases (default: host name and process id).</summary>
    public string? Node { get; set; }
    /// <summary>Each platform's API base (Koho:Publishing:BaseUrls:X …); an account's own connection may name another (Mastodon instances).</summary>
    public Dictionary<string, string> BaseUrls { get; set; } = new()
    {
        [nameof(Network.X)] = "https://api.x.com",
        [nameof(Network.Facebook)] = "https://graph.facebook.com/v21.0",
        [nameof(Network.Instagram)] = "https://graph.facebook.com/v21.0",
        [nameof(Network.Line)] = "https://api.line.me",
        [nameof(Network.Bluesky)] = "https://bsky.social",
    };

    /// <summary>
    /// Koho's public https address (e.g. https://koho.city.example.lg.jp): Instagram and LINE fetch a post's images
    /// from it. Without it, posts with images cannot go to those two platforms.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public string NodeName => Node ?? $"{Environment.MachineName}:{Environment.ProcessId}";
}

public static class Networks
{
    /// <summary>The connector for an account's platform; null: no API (YouTube), staff post by hand.</summary>
    public static Network? Of(Accounts.Platform platform) => platform switch
    {
        Accounts.Platform.X => Network.X,
        Accounts.Platform.Facebook => Network.Facebook,
        Accounts.Platform.Instagram => Network.Instagram,
        Accounts.Platform.Line => Network.Line,
        Accounts.Platform.Mastodon => Network.Mastodon,
        Accounts.Platform.Bluesky => Network.Bluesky,
        _ => null,
    };

    /// <summary>The secrets each platform's connection needs, with their labels for the form.</summary>
    public static IReadOnlyList<(string Key, string Label)> Secrets(Network network) => network switch
    {
        Network.X => [("bearerToken", "アクセストークン（OAuth 2.0 ユーザーコンテキスト）")],
        Network.Facebook => [("accessToken", "ページアクセストークン")],
        Network.Instagram => [("accessToken", "アクセストークン")],
        Network.Line => [("channelAccessToken", "チャネルアクセストークン")],
        Network.Mastodon => [("accessToken", "アクセストークン")],
        Network.Bluesky => [("identifier", "ハンドルまたはメールアドレス"), ("appPassword", "アプリパスワード")],
        _ => [],
    };

    /// <summary>
    /// How long after the first attempt a resend is safe without asking the platform first, because its idempotency
    /// mechanism makes a second send a no-op: LINE keeps X-Line-Retry-Key 24 hours, Mastodon an Idempotency-Key about
    /// an hour (both with a margin), Bluesky's record key is the record's own name for ever. X, Facebook and
    /// Instagram have none: always read back first.
    /// </summary>
    public static TimeSpan SafeResendWindow(Network network) => network switch
    {
        Network.Line => TimeSpan.FromHours(23),
        Network.Mastodon => TimeSpan.FromMinutes(55),
        Network.Bluesky => TimeSpan.MaxValue,
        _ => TimeSpan.Zero,
    };
}
