using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Watching on Facebook: posts that tag the Page (GET /{page-id}/tagged, the Page token with pages_read_user_content).
/// Graph has no account search for ordinary apps, so impersonating pages must be looked for by hand.
/// </summary>
public sealed partial class FacebookConnector
{
    /// <summary>
    /// GET /{page-id}/tagged newest first, 100 a page. Facebook has no handles: <see cref="PlatformMention.AuthorHandle"/>
    /// is the author's id (<c>from.id</c>), the name is <c>from.name</c>. Tags are not replies (comments are another API).
    /// </summary>
    public async Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct)
    {
        var c = connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return WatchSupport.From<PlatformMention>(missing!);
        return await GraphApi.ReadMentionsAsync(http, c, Network, token,
            PlatformHttp.Q(c.AccountId) + "/tagged?fields=id,message,from,created_time,permalink_url&limit=100",
            post => PlatformHttp.Str(post, "id") is { } id && PlatformHttp.ParseTime(PlatformHttp.Str(post, "created_time")) is { } created
                ? new PlatformMention(id, PlatformHttp.Str(post?["from"], "id") ?? "", PlatformHttp.Str(post?["from"], "name"),
                    PlatformHttp.Str(post, "message") ?? "", PlatformHttp.Str(post, "permalink_url") ?? PostUrl(id), created, IsReply: false)
                : null,
            since, _time, ct).ConfigureAwait(false);
    }

    public Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        WatchSupport.CheckSearch(query, limit);
        return Task.FromResult<WatchResult<PlatformProfile>>(new WatchResult<PlatformProfile>.Unsupported(
            "Facebook の Graph API には、名前でページやアカウントを探す API が一般のアプリ向けにありません（ページ検索は Meta の特別な審査が必要で、個人アカウントは検索できません）。" +
            "なりすましは Facebook 上で確認してください。"));
    }
}
