namespace Koho.Connectors;

/// <summary>The platforms Koho publishes to (Manual: staff post by hand and record the URL — no connector call).</summary>
public enum Network { X, Facebook, Instagram, Line, Mastodon, Bluesky }

/// <summary>
/// One platform's publishing API. A connector makes exactly the calls asked of it and classifies the answer; it never
/// retries on its own (the caller records every attempt first and retries through <see cref="PublishResilience"/>).
/// </summary>
public interface IPlatformConnector
{
    Network Network { get; }

    /// <summary>
    /// Publishes one post. <see cref="PublishRequest.IdempotencyKey"/> is the same for every attempt at the same
    /// post, so platforms that honour a key (LINE X-Line-Retry-Key, Mastodon Idempotency-Key, Bluesky's record key)
    /// publish it once however often it is sent.
    /// </summary>
    Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct);

    /// <summary>
    /// After an ambiguous attempt (timeout, dropped connection, a process killed mid-call): reads the platform back
    /// to tell whether the post was published. <see cref="FindResult.Unknown"/> when the platform cannot be asked
    /// (LINE broadcasts cannot be read back: its retry key makes a resend safe instead). Platforms read back through
    /// the account's timeline (X, Facebook, Instagram, Mastodon) are read page by page over everything created from
    /// five minutes before <see cref="PublishRequest.CreatedAt"/> on: <see cref="FindResult.NotFound"/> only once all
    /// of it has been seen, <see cref="FindResult.Unknown"/> when there is more than a bounded number of pages.
    /// </summary>
    Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct);

    /// <summary>Deletes a published post (corrections, a hijacked account's unauthorised posts).</summary>
    Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct);
}

/// <summary>
/// Where and as whom to publish. <see cref="Secrets"/> are decrypted just before the call and never logged
/// (X: "bearerToken" — an OAuth 2.0 user-context token; Facebook/Instagram: "accessToken"; LINE: "channelAccessToken";
/// Mastodon: "accessToken"; Bluesky: "identifier", "appPassword").
/// </summary>
/// <param name="BaseUrl">The API's base (configurable so that tests and staging point at fakes).</param>
/// <param name="AccountId">The platform's id of the account: X user id, Facebook page id, Instagram user id,
/// LINE channel id (informational), Mastodon account id, Bluesky handle or DID.</param>
public sealed record Connection(Uri BaseUrl, string AccountId, IReadOnlyDictionary<string, string> Secrets)
{
    public override string ToString() => $"Connection {{ BaseUrl = {BaseUrl}, AccountId = {AccountId}, Secrets = *** }}";
}

/// <param name="IdempotencyKey">Stable for one post on one account across all attempts.</param>
/// <param name="CreatedAt">When Koho first tried (Bluesky's record key and createdAt are derived from it, so a resend is identical).</param>
public sealed record PublishRequest(Connection Connection, Guid IdempotencyKey, string Text, IReadOnlyList<MediaItem> Media, DateTimeOffset CreatedAt);

/// <param name="PublicUrl">Where the platform can fetch the image (Instagram and Facebook photo posts take a URL).</param>
public sealed record MediaItem(string ContentType, byte[] Content, string AltText, Uri? PublicUrl);

public abstract record PublishResult
{
    private PublishResult() { }

    /// <summary>The platform accepted it: its id and, where it can be built, the post's public URL.</summary>
    public sealed record Published(string ExternalId, string? Url) : PublishResult;

    /// <summary>Nothing was published and trying again later may work (429, 5xx before processing). <paramref name="After"/> from Retry-After or the rate-limit reset.</summary>
    public sealed record Retry(TimeSpan? After, string Reason) : PublishResult;

    /// <summary>It may or may not have been published (timeout, connection dropped after the request was sent): reconcile with FindAsync first.</summary>
    public sealed record Ambiguous(string Reason) : PublishResult;

    /// <summary>Refused for good (validation, expired credentials, forbidden): a person must act. Reason in Japanese, no secret in it.</summary>
    public sealed record Failed(string Reason, int? StatusCode) : PublishResult;
}

public abstract record FindResult
{
    private FindResult() { }
    public sealed record Found(string ExternalId, string? Url) : FindResult;
    public sealed record NotFound : FindResult;
    public sealed record Unknown(string Reason) : FindResult;
}
