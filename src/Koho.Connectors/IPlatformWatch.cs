namespace Koho.Connectors;

/// <summary>
/// Reading what others write to/about an account, and finding accounts by name (the mentions inbox and the search for
/// impersonating accounts). Separate from <see cref="IPlatformConnector"/>: nothing here publishes, so every failure
/// is either "try later" or "a person must act", never "maybe done". Like publishing, a watch call makes only the
/// requests asked of it and never retries on its own; secrets go in headers only and never into results.
/// </summary>
public interface IPlatformWatch
{
    Network Network { get; }

    /// <summary>
    /// Mentions of and replies to the account that the platform recorded after <paramref name="since"/> (exclusive),
    /// oldest first. Pages through the platform's paging up to <see cref="WatchLimits.MaxPages"/> pages; when more
    /// remain (or the platform only lets the newest part be read), returns what it read with <c>Truncated</c> = true.
    /// <para>
    /// Every platform pages newest first, so what a truncated read returns is the <em>newest</em> part: the mentions
    /// between <paramref name="since"/> and the oldest one returned were not read, and reading again from the newest
    /// PostedAt will not reach them either. A caller should say so (those have to be looked at on the platform)
    /// rather than expect the rest on the next read.
    /// </para>
    /// </summary>
    Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// Accounts whose handle or display name matches <paramref name="query"/>, by the platform's own account search
    /// (its relevance, its notion of a match), at most <paramref name="limit"/>; <c>Truncated</c> when the platform
    /// has more than were read.
    /// </summary>
    Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct);
}

/// <summary>One post by someone else that mentions or replies to the account.</summary>
/// <param name="ExternalId">The platform's id of that post (X tweet id, Facebook post id, Instagram media id,
/// Mastodon status id, Bluesky at:// URI).</param>
/// <param name="AuthorHandle">The author's handle without "@" (X username, Instagram username, Mastodon acct —
/// user@domain for remote accounts —, Bluesky handle). Facebook has no handles: the author's id there (empty when
/// Graph withholds the author).</param>
/// <param name="AuthorName">The author's display name, when the platform gives one.</param>
/// <param name="Text">Plain text (Mastodon's HTML reduced to text, X's &amp;amp; entities decoded).</param>
/// <param name="Url">Where a person can open the post.</param>
/// <param name="PostedAt">The time <c>since</c> is compared with: when the platform recorded the post (X created_at,
/// Graph created_time / timestamp, Mastodon's notification, Bluesky's indexedAt). Feeding the newest PostedAt back
/// as the next <c>since</c> reads each mention once.</param>
/// <param name="IsReply">The post answers another post (X in_reply_to_user_id, Mastodon in_reply_to_id, Bluesky
/// reason "reply" or a reply record); false for a plain mention or tag.</param>
public sealed record PlatformMention(string ExternalId, string AuthorHandle, string? AuthorName, string Text, string? Url, DateTimeOffset PostedAt, bool IsReply);

/// <summary>An account found by <see cref="IPlatformWatch.SearchAccountsAsync"/>.</summary>
/// <param name="Handle">Without "@" (Mastodon: acct, user@domain for remote accounts).</param>
public sealed record PlatformProfile(string ExternalId, string Handle, string? DisplayName, string? Url);

public abstract record WatchResult<T>
{
    private WatchResult() { }

    /// <param name="Truncated">More remained than were read (the page bound, the platform's depth, or <c>limit</c>).
    /// For mentions, the items are the newest ones: older ones after <c>since</c> were left unread.</param>
    public sealed record Ok(IReadOnlyList<T> Items, bool Truncated) : WatchResult<T>;

    /// <summary>The platform offers no such API (e.g. LINE has no read API for what users write; Facebook/Instagram have no account search). Reason in Japanese.</summary>
    public sealed record Unsupported(string Reason) : WatchResult<T>;

    /// <summary>429/5xx/network: try later (<paramref name="After"/> from Retry-After / rate-limit reset headers where given).</summary>
    public sealed record Retry(TimeSpan? After, string Reason) : WatchResult<T>;

    /// <summary>Refused for good (401/403/400…): a person must act. Reason in Japanese, never a secret.</summary>
    public sealed record Failed(string Reason, int? StatusCode) : WatchResult<T>;
}

/// <summary>Bounds of one watch call.</summary>
public static class WatchLimits
{
    /// <summary>Pages one <see cref="IPlatformWatch.ReadMentionsAsync"/> or <see cref="IPlatformWatch.SearchAccountsAsync"/> reads at most.</summary>
    public const int MaxPages = 20;
}
