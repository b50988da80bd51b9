using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Watching on Mastodon (the same token as publishing; scope read:notifications and read:search, or read):
/// mention notifications (GET /api/v1/notifications?types[]=mention) and account search (GET /api/v2/search?type=accounts).
/// </summary>
public sealed partial class MastodonConnector
{
    /// <summary>Mastodon serves at most 80 notifications a page and 40 search results.</summary>
    private const int NotificationsPage = 80, SearchPage = 40;

    /// <summary>
    /// Mention notifications newest first, 80 a page; each next page with the <c>max_id</c> of the Link header's
    /// rel="next" (without a Link header at all: the page's oldest notification id), until a page is empty, has no
    /// rel="next", or reaches a notification at or before <paramref name="since"/>. A reply to one of the account's
    /// statuses is a mention notification too (it mentions the account); <c>in_reply_to_id</c> tells them apart.
    /// </summary>
    public async Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct)
    {
        var c = connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformMention>(missing!);

        var mentions = new List<PlatformMention>();
        string? maxId = null;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl,
                $"api/v1/notifications?types%5B%5D=mention&limit={NotificationsPage}" + (maxId is null ? "" : "&max_id=" + PlatformHttp.Q(maxId)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return WatchSupport.Transport<PlatformMention>("Mastodon", failure);
            if (!reply!.IsSuccess) return WatchSupport.From<PlatformMention>(Classify(c, reply, _time.GetUtcNow()));
            if (reply.Json is not JsonArray notifications) return WatchSupport.Unreadable<PlatformMention>("Mastodon", "通知一覧");
            if (notifications.Count == 0) return WatchSupport.Mentions(mentions, truncated: false);

            foreach (var notification in notifications)
            {
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(notification, "created_at"));
                if (PlatformHttp.Str(notification, "id") is null || created is null) return WatchSupport.Unreadable<PlatformMention>("Mastodon", "通知一覧");
                if (created <= since) return WatchSupport.Mentions(mentions, truncated: false); // newest first
                var status = notification?["status"];
                if (PlatformHttp.Str(notification, "type") != "mention" || PlatformHttp.Str(status, "id") is not { } statusId) continue; // a deleted status
                var account = notification!["account"] ?? status!["account"];
                var displayName = PlatformHttp.Str(account, "display_name");
                mentions.Add(new PlatformMention(statusId, PlatformHttp.Str(account, "acct") ?? "", string.IsNullOrEmpty(displayName) ? null : displayName,
                    HtmlToText(PlatformHttp.Str(status, "content") ?? ""), PlatformHttp.Str(status, "url") ?? PlatformHttp.Str(status, "uri"),
                    created.Value, status!["in_reply_to_id"] is JsonValue));
            }

            var link = reply.Header("Link");
            maxId = link is null ? PlatformHttp.Str(notifications[^1], "id") : NextMaxId(link);
            if (maxId is null) return WatchSupport.Mentions(mentions, truncated: false);
        }
        return WatchSupport.Mentions(mentions, truncated: true);
    }

    /// <summary>GET /api/v2/search?type=accounts, 40 a page with <c>offset</c>, until <paramref name="limit"/> or a short page.</summary>
    public async Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        WatchSupport.CheckSearch(query, limit);
        var c = connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformProfile>(missing!);

        var found = new List<PlatformProfile>();
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            var wanted = Math.Min(limit - found.Count, SearchPage);
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl,
                $"api/v2/search?q={PlatformHttp.Q(query)}&type=accounts&limit={wanted}" + (found.Count == 0 ? "" : "&offset=" + found.Count), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return WatchSupport.Transport<PlatformProfile>("Mastodon", failure);
            if (!reply!.IsSuccess) return WatchSupport.From<PlatformProfile>(Classify(c, reply, _time.GetUtcNow()));
            if (reply.Json?["accounts"] is not JsonArray accounts) return WatchSupport.Unreadable<PlatformProfile>("Mastodon", "アカウント検索");

            foreach (var account in accounts)
            {
                if (PlatformHttp.Str(account, "id") is not { } id || PlatformHttp.Str(account, "acct") is not { } acct)
                    return WatchSupport.Unreadable<PlatformProfile>("Mastodon", "アカウント検索");
                var displayName = PlatformHttp.Str(account, "display_name");
                found.Add(new PlatformProfile(id, acct, string.IsNullOrEmpty(displayName) ? null : displayName, PlatformHttp.Str(account, "url")));
            }
            if (accounts.Count < wanted) return new WatchResult<PlatformProfile>.Ok(found, false);
            if (found.Count >= limit) return new WatchResult<PlatformProfile>.Ok([.. found.Take(limit)], true); // a full page: there may be more
        }
        return new WatchResult<PlatformProfile>.Ok(found, true);
    }

    /// <summary>The max_id of the Link header's rel="next" URL, or null when there is no next page.</summary>
    internal static string? NextMaxId(string link)
    {
        foreach (var part in link.Split(','))
        {
            var m = NextLink().Match(part);
            if (!m.Success) continue;
            var q = m.Groups["url"].Value;
            var mm = MaxIdParameter().Match(q);
            return mm.Success ? Uri.UnescapeDataString(mm.Groups[1].Value) : null;
        }
        return null;
    }

    [GeneratedRegex("""^\s*<(?<url>[^>]*)>\s*;\s*rel="?next"?\s*$""")]
    private static partial Regex NextLink();

    [GeneratedRegex(@"[?&]max_id=([^&]+)")]
    private static partial Regex MaxIdParameter();
}
