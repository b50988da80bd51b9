using System.Globalization;

namespace Koho.Connectors.Internal;

/// <summary>
/// What <see cref="IPlatformConnector.FindAsync"/> reads on platforms that can only be searched through the account's
/// timeline (X, Facebook, Instagram, Mastodon): every post created from five minutes before the first attempt on,
/// page by page, newest first. It answers NotFound only after it has seen the whole window; when the window holds
/// more than <see cref="MaxPages"/> pages (a burst of hundreds of posts a minute) it answers Unknown instead, so that
/// the caller never publishes a second time on a guess.
/// </summary>
internal static class FindWindow
{
    /// <summary>How far before <see cref="PublishRequest.CreatedAt"/> a match may have been created (clocks differ).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>Timeline pages one FindAsync reads at most.</summary>
    public const int MaxPages = 50;

    /// <summary>The oldest creation time that can be the post looked for.</summary>
    public static DateTimeOffset Start(PublishRequest request) => request.CreatedAt - Margin;

    /// <summary>
    /// <paramref name="t"/> rounded down to a whole second and one more second back, for APIs whose time filter has
    /// second granularity (and may or may not include its own second): the window's first post is inside either way.
    /// </summary>
    public static DateTimeOffset WholeSecondBefore(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(-1);

    public static string UnixSeconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The page bound was reached with posts of the window still unread.</summary>
    public static FindResult.Unknown TooManyPages(string platform, int postsRead) => new(
        $"{platform}: 最初の試行の 5 分前以降の投稿が多く、{MaxPages} ページ（{postsRead} 件）読んでも確認しきれませんでした。" +
        $"{platform} で投稿されているか確かめ、公開されていれば URL を記録してください。");

    /// <summary>The platform's answer cannot be read as a timeline page (not JSON, or not the documented shape).</summary>
    public static FindResult.Unknown Unreadable(string platform) =>
        new($"{platform}: 投稿一覧の応答を読み取れず、確認しきれませんでした。");
}
