namespace Koho.Connectors.Internal;

/// <summary>What the connectors' watch code shares: turning publishing-side answers into watch answers, and the result lists.</summary>
internal static class WatchSupport
{
    /// <summary>
    /// A classification made for publishing (a missing secret, a refused token, a throttle) as a watch answer.
    /// Nothing is published by a read, so "maybe published" cannot apply: Ambiguous becomes Retry.
    /// </summary>
    public static WatchResult<T> From<T>(PublishResult result) => result switch
    {
        PublishResult.Retry r => new WatchResult<T>.Retry(r.After, r.Reason),
        PublishResult.Failed f => new WatchResult<T>.Failed(f.Reason, f.StatusCode),
        PublishResult.Ambiguous a => new WatchResult<T>.Retry(null, a.Reason),
        _ => throw new InvalidOperationException("a publishing success is not a watch answer: " + result.GetType().Name),
    };

    /// <summary>No answer: a read is safe to repeat whether or not it reached the platform.</summary>
    public static WatchResult<T> Transport<T>(string platform, TransportFailure failure) =>
        new WatchResult<T>.Retry(null, platform + ": " + failure.Reason);

    /// <summary>The answer was not the documented shape.</summary>
    public static WatchResult<T> Unreadable<T>(string platform, string what) =>
        new WatchResult<T>.Retry(null, $"{platform}: {what}の応答を読み取れませんでした。");

    /// <summary>Mentions as read (pages newest first), each once, oldest first.</summary>
    public static WatchResult<PlatformMention> Mentions(List<PlatformMention> newestFirst, bool truncated)
    {
        newestFirst.Reverse();
        IReadOnlyList<PlatformMention> items = [.. newestFirst.DistinctBy(m => m.ExternalId).OrderBy(m => m.PostedAt)]; // OrderBy is stable
        return new WatchResult<PlatformMention>.Ok(items, truncated);
    }

    public static void CheckSearch(string query, int limit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    /// <summary>A throttled read: the reason says so in terms of reading, not posting.</summary>
    public static string Throttled(string platform) => $"{platform}: 呼び出し回数の上限（レート制限）に達しました。しばらくしてから読み直します。";
}
