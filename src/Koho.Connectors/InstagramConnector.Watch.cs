using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Watching on Instagram: media in which others tagged the account (GET /{ig-user-id}/tags). The Instagram Graph API
/// has no account search: business_discovery answers only for one exact username, which cannot find lookalikes.
/// </summary>
public sealed partial class InstagramConnector
{
    /// <summary>GET /{ig-user-id}/tags newest first, 50 a page; the author is the media's <c>username</c>.</summary>
    public async Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct)
    {
        var c = connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformMention>(missing!);
        return await GraphApi.ReadMentionsAsync(http, c, Network, token,
            PlatformHttp.Q(c.AccountId) + "/tags?fields=id,caption,username,timestamp,permalink&limit=50",
            media => PlatformHttp.Str(media, "id") is { } id && PlatformHttp.ParseTime(PlatformHttp.Str(media, "timestamp")) is { } created
                ? new PlatformMention(id, PlatformHttp.Str(media, "username") ?? "", null, PlatformHttp.Str(media, "caption") ?? "",
                    PlatformHttp.Str(media, "permalink"), created, IsReply: false)
                : null,
            since, _time, ct).ConfigureAwait(false);
    }

    public Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        WatchSupport.CheckSearch(query, limit);
        return Task.FromResult<WatchResult<PlatformProfile>>(new WatchResult<PlatformProfile>.Unsupported(
            "Instagram の API にはアカウント検索がありません（business_discovery はユーザー名の完全一致でしか引けないため、似た名前のアカウントは探せません）。" +
            "なりすましは Instagram 上で確認してください。"));
    }
}
