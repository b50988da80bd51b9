using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Watching on Bluesky, signed in with the same cached session as publishing (the PDS proxies these AppView queries):
/// app.bsky.notification.listNotifications (reasons mention, reply and quote) and app.bsky.actor.searchActors.
/// </summary>
public sealed partial class BlueskyConnector
{
    private const int WatchPage = 100; // both queries' lexicon maximum

    /// <summary>
    /// Notifications for mentions, replies and quotes, newest first (by indexedAt), 100 a page, following
    /// <c>cursor</c> until there is none, a page is empty, or one was indexed at or before <paramref name="since"/>.
    /// </summary>
    public async Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct)
    {
        var c = connection;
        var mentions = new List<PlatformMention>();
        string? cursor = null;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            var query = $"xrpc/app.bsky.notification.listNotifications?reasons=mention&reasons=reply&reasons=quote&limit={WatchPage}"
                        + (cursor is null ? "" : "&cursor=" + PlatformHttp.Q(cursor));
            var (reply, failure, _, error) = await SendAuthenticatedAsync(c,
                s => PlatformHttp.Request(HttpMethod.Get, c.BaseUrl, query, s.AccessJwt), ct).ConfigureAwait(false);
            if (error is not null) return WatchSupport.From<PlatformMention>(error);
            if (failure is not null) return WatchSupport.Transport<PlatformMention>("Bluesky", failure);
            if (!reply!.IsSuccess) return ClassifyRead<PlatformMention>(c, reply);
            if (reply.Json is not JsonObject body || body["notifications"] is not JsonArray notifications)
                return WatchSupport.Unreadable<PlatformMention>("Bluesky", "通知一覧");

            foreach (var n in notifications)
            {
                var uri = PlatformHttp.Str(n, "uri");
                var indexed = PlatformHttp.ParseTime(PlatformHttp.Str(n, "indexedAt"));
                var handle = PlatformHttp.Str(n?["author"], "handle");
                if (uri is null || indexed is null || handle is null) return WatchSupport.Unreadable<PlatformMention>("Bluesky", "通知一覧");
                if (indexed <= since) return WatchSupport.Mentions(mentions, truncated: false); // newest first
                var reason = PlatformHttp.Str(n, "reason");
                if (reason is not ("mention" or "reply" or "quote")) continue;
                var record = n!["record"];
                mentions.Add(new PlatformMention(uri, handle, NonEmpty(PlatformHttp.Str(n["author"], "displayName")),
                    PlatformHttp.Str(record, "text") ?? "", PostUrlOf(uri, handle), indexed.Value,
                    reason == "reply" || record?["reply"] is JsonObject));
            }
            cursor = PlatformHttp.Str(body, "cursor");
            if (cursor is null || notifications.Count == 0) return WatchSupport.Mentions(mentions, truncated: false);
        }
        return WatchSupport.Mentions(mentions, truncated: true);
    }

    /// <summary>app.bsky.actor.searchActors with <c>q</c>, following <c>cursor</c> until <paramref name="limit"/> actors.</summary>
    public async Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        WatchSupport.CheckSearch(query, limit);
        var c = connection;
        var found = new List<PlatformProfile>();
        string? cursor = null;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            var path = $"xrpc/app.bsky.actor.searchActors?q={PlatformHttp.Q(query)}&limit={Math.Min(limit - found.Count, WatchPage)}"
                       + (cursor is null ? "" : "&cursor=" + PlatformHttp.Q(cursor));
            var (reply, failure, _, error) = await SendAuthenticatedAsync(c,
                s => PlatformHttp.Request(HttpMethod.Get, c.BaseUrl, path, s.AccessJwt), ct).ConfigureAwait(false);
            if (error is not null) return WatchSupport.From<PlatformProfile>(error);
            if (failure is not null) return WatchSupport.Transport<PlatformProfile>("Bluesky", failure);
            if (!reply!.IsSuccess) return ClassifyRead<PlatformProfile>(c, reply);
            if (reply.Json?["actors"] is not JsonArray actors) return WatchSupport.Unreadable<PlatformProfile>("Bluesky", "アカウント検索");

            foreach (var actor in actors)
            {
                if (PlatformHttp.Str(actor, "did") is not { } did || PlatformHttp.Str(actor, "handle") is not { } handle)
                    return WatchSupport.Unreadable<PlatformProfile>("Bluesky", "アカウント検索");
                found.Add(new PlatformProfile(did, handle, NonEmpty(PlatformHttp.Str(actor, "displayName")), "https://bsky.app/profile/" + handle));
            }
            cursor = PlatformHttp.Str(reply.Json, "cursor");
            if (found.Count >= limit) return new WatchResult<PlatformProfile>.Ok([.. found.Take(limit)], cursor is not null || found.Count > limit);
            if (cursor is null || actors.Count == 0) return new WatchResult<PlatformProfile>.Ok(found, false);
        }
        return new WatchResult<PlatformProfile>.Ok(found, true);
    }

    private WatchResult<T> ClassifyRead<T>(Connection c, HttpReply r)
    {
        var now = _time.GetUtcNow();
        return r.Status switch
        {
            429 => new WatchResult<T>.Retry(PlatformHttp.FromEpochSeconds(r.Header("ratelimit-reset"), now) ?? r.RetryAfter(now), WatchSupport.Throttled("Bluesky")),
            >= 500 => new WatchResult<T>.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（{r.Status}）"),
            401 => new WatchResult<T>.Failed("Bluesky の認証に失敗しました。ID とアプリパスワードを確認してください。", 401),
            _ => new WatchResult<T>.Failed(Redactor.Reason(c, $"Bluesky が要求を拒否しました（HTTP {r.Status}）",
                PlatformHttp.Str(r.Json, "error") is { } e ? e + ": " + PlatformHttp.Str(r.Json, "message") : PlatformHttp.Str(r.Json, "message")), r.Status),
        };
    }

    /// <summary>bsky.app's address of a post (at://did/app.bsky.feed.post/rkey); null for anything else.</summary>
    private static string? PostUrlOf(string atUri, string handle)
    {
        var parts = atUri.StartsWith("at://", StringComparison.Ordinal) ? atUri[5..].Split('/') : [];
        return parts is [_, Collection, var rkey] ? PostUrl(handle, rkey) : null;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
