namespace Koho.Watch.Tests;

/// <summary>
/// A realistic register: 武蔵野市's accounts on every platform, two of them with their own X accounts for 防災 and
/// 子育て, spelled the various ways registers spell handles (with and without @, Mastodon with its server).
/// </summary>
internal static class Fixture
{
    public static readonly IReadOnlyDictionary<string, RegisteredAccount> Accounts = new Dictionary<string, RegisteredAccount>
    {
        ["X"] = new(G(1), "X", "@musashino_city", "武蔵野市"),
        ["IG"] = new(G(2), "Instagram", "musashino_city_official", "武蔵野市"),
        ["Mastodon"] = new(G(3), "Mastodon", "@musashino@mstdn.jp", "武蔵野市"),
        ["Facebook"] = new(G(4), "Facebook", "musashino.city", "武蔵野市役所"),
        ["Line"] = new(G(5), "Line", "@musashino-city", "武蔵野市"),
        ["YouTube"] = new(G(6), "YouTube", "@musashinocitych", "武蔵野市公式チャンネル"),
        ["Bluesky"] = new(G(7), "Bluesky", "musashino-city.bsky.social", "武蔵野市"),
        ["XBosai"] = new(G(8), "X", "@musashino_bosai", "武蔵野市防災"),
        ["XKosodate"] = new(G(9), "X", "@musashino_kosodate", "武蔵野市 子育て支援"),
    };

    public static readonly string[] Names = ["武蔵野市", "musashino"];

    public static readonly LookalikeDetector Detector = new(Accounts.Values, Names);

    public static Guid? Id(string? label) => label is null ? null : Accounts[label].Id;

    public static ImpersonationCandidate? Assess(string platform, string handle, string? displayName = null) =>
        Detector.Assess(new ObservedAccount(platform, handle, displayName));

    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
