namespace Koho.Connectors;

/// <summary>
/// LINE: the Messaging API has no way to read what users send or write (messages reach a bot only as webhook
/// events, as they happen) and no search for official accounts.
/// </summary>
public sealed partial class LineConnector
{
    public Task<WatchResult<PlatformMention>> ReadMentionsAsync(Connection connection, DateTimeOffset since, CancellationToken ct) =>
        Task.FromResult<WatchResult<PlatformMention>>(new WatchResult<PlatformMention>.Unsupported(
            "LINE には、利用者が送った内容を後から読み出す API がありません（Webhook でその場で受け取る仕組みのみです）。LINE Official Account Manager で確認してください。"));

    public Task<WatchResult<PlatformProfile>> SearchAccountsAsync(Connection connection, string query, int limit, CancellationToken ct)
    {
        Internal.WatchSupport.CheckSearch(query, limit);
        return Task.FromResult<WatchResult<PlatformProfile>>(new WatchResult<PlatformProfile>.Unsupported(
            "LINE には、公式アカウントを名前で検索する API がありません。なりすましは LINE アプリで確認してください。"));
    }
}
