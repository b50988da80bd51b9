using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Watching on X (API v2, the same user-context token as publishing; scopes tweet.read and users.read):
/// GET /2/users/:id/mentions and GET /2/users/search (the latter only on X's Pro access and above — a lower plan is a
/// 403, which is Failed with that hint).
/// </summary>
public sealed partial class XConnector
{
    /// <summary>X serves only the most recent 800 mentions, however they are paged.</summary>
    internal const int MentionsDepth = 800;

    /// <summary>The earliest start_time X accepts.</summary>
    private static readonly DateTimeOffset EarliestStartTime = new(2010, 11, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reads GET /2/users/:id/mentions newest first, 100 a page, from <c>start_time</c> = <paramref name="since"/>'s
    /// whole second (X's filter is inclusive, in whole seconds; the exact bound is applied here), following
    /// <c>meta.next_token</c> until X gives none. Authors come from <c>includes.users</c> (expansions=author_id).
    /// When X gave its whole reachable depth and the oldest was still after <paramref name="since"/>, older mentions
    /// may exist that X no longer serves: Truncated.
    /// </summary>
    public async Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct)
    {
        var c = connection;
        if (!Secrets.TryGet(c, "bearerToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformMention>(missing!);

        var query = "max_results=100&tweet.fields=created_at,author_id,in_reply_to_user_id,conversation_id&expansions=author_id&user.fields=username,name";
        if (since >= EarliestStartTime)
        {
            var whole = new DateTimeOffset(since.UtcTicks - since.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            query += "&start_time=" + PlatformHttp.Q(whole.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        var mentions = new List<PlatformMention>();
        string? next = null;
        var read = 0;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl,
                $"2/users/{PlatformHttp.Q(c.AccountId)}/mentions?{query}" + (next is null ? "" : "&pagination_token=" + PlatformHttp.Q(next)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return WatchSupport.Transport<PlatformMention>("X", failure);
            if (!reply!.IsSuccess) return ClassifyRead<PlatformMention>(c, reply);
            if (reply.Json is not JsonObject body) return WatchSupport.Unreadable<PlatformMention>("X", "メンション一覧");

            var users = new Dictionary<string, JsonNode?>();
            foreach (var user in body["includes"]?["users"] as JsonArray ?? [])
            {
                if (PlatformHttp.Str(user, "id") is { } userId) users.TryAdd(userId, user);
            }
            var reachedSince = false;
            foreach (var tweet in body["data"] as JsonArray ?? []) // X leaves "data" out of an empty page
            {
                var id = PlatformHttp.Str(tweet, "id");
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(tweet, "created_at"));
                if (id is null || created is null) return WatchSupport.Unreadable<PlatformMention>("X", "メンション一覧");
                read++;
                if (created <= since)
                {
                    reachedSince = true;
                    continue;
                }
                var authorId = PlatformHttp.Str(tweet, "author_id");
                var author = authorId is null ? null : users.GetValueOrDefault(authorId);
                var username = PlatformHttp.Str(author, "username");
                mentions.Add(new PlatformMention(id, username ?? authorId ?? "", PlatformHttp.Str(author, "name"),
                    WebUtility.HtmlDecode(PlatformHttp.Str(tweet, "text") ?? ""),
                    username is null ? StatusUrl(id) : $"https://x.com/{Uri.EscapeDataString(username)}/status/{Uri.EscapeDataString(id)}",
                    created.Value, PlatformHttp.Str(tweet, "in_reply_to_user_id") is not null));
            }
            // Newest first: once a mention at or before `since` is seen, everything after it is older.
            if (reachedSince) return WatchSupport.Mentions(mentions, truncated: false);
            next = PlatformHttp.Str(body["meta"], "next_token");
            if (next is null) return WatchSupport.Mentions(mentions, truncated: read >= MentionsDepth);
        }
        return WatchSupport.Mentions(mentions, truncated: true);
    }

    /// <summary>GET /2/users/search (X's relevance-ranked account search), following <c>next_token</c> until <paramref name="limit"/> accounts.</summary>
    public async Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        WatchSupport.CheckSearch(query, limit);
        var c = connection;
        if (!Secrets.TryGet(c, "bearerToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformProfile>(missing!);

        var found = new List<PlatformProfile>();
        string? next = null;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            var max = Math.Clamp(limit - found.Count, 1, 1000);
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl,
                $"2/users/search?query={PlatformHttp.Q(query)}&max_results={max}&user.fields=username,name"
                + (next is null ? "" : "&next_token=" + PlatformHttp.Q(next)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return WatchSupport.Transport<PlatformProfile>("X", failure);
            if (!reply!.IsSuccess) return ClassifyRead<PlatformProfile>(c, reply);
            if (reply.Json is not JsonObject body) return WatchSupport.Unreadable<PlatformProfile>("X", "アカウント検索");

            foreach (var user in body["data"] as JsonArray ?? [])
            {
                if (PlatformHttp.Str(user, "id") is not { } id || PlatformHttp.Str(user, "username") is not { } username)
                    return WatchSupport.Unreadable<PlatformProfile>("X", "アカウント検索");
                found.Add(new PlatformProfile(id, username, PlatformHttp.Str(user, "name"), "https://x.com/" + Uri.EscapeDataString(username)));
            }
            next = PlatformHttp.Str(body["meta"], "next_token");
            if (found.Count >= limit) return new WatchResult<PlatformProfile>.Ok([.. found.Take(limit)], next is not null || found.Count > limit);
            if (next is null) return new WatchResult<PlatformProfile>.Ok(found, false);
        }
        return new WatchResult<PlatformProfile>.Ok(found, true);
    }

    private WatchResult<T> ClassifyRead<T>(Connection c, HttpReply reply)
    {
        var now = _time.GetUtcNow();
        return reply.Status switch
        {
            429 => new WatchResult<T>.Retry(
                PlatformHttp.FromEpochSeconds(reply.Header("x-rate-limit-reset"), now) ?? reply.RetryAfter(now), WatchSupport.Throttled("X")),
            401 => new WatchResult<T>.Failed("X の認証に失敗しました。トークンが無効か期限切れです。接続し直してください。", 401),
            403 => new WatchResult<T>.Failed(Redactor.Reason(c,
                "X: 読み取りが許可されていません。API の利用プラン（アカウント検索は Pro 以上）とトークンのスコープ（tweet.read, users.read）を確認してください",
                PlatformHttp.Str(reply.Json, "detail")), 403),
            >= 500 => new WatchResult<T>.Retry(reply.RetryAfter(now), $"X のサーバーエラーです（{reply.Status}）"),
            _ => new WatchResult<T>.Failed(ReasonOf(c, reply), reply.Status),
        };
    }
}
