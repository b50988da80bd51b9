namespace Koho.Watch.Tests;

/// <summary>
/// What must not be flagged: the register's own accounts however they are written, and ordinary accounts —
/// neighbouring cities, local shops, people, generic words such as city or official, and residents who put the
/// city in their name.
/// </summary>
public sealed class NotCandidatesTests
{
    public static TheoryData<string, string> RegisteredSpellings()
    {
        var spellings = new HashSet<(string, string)>();
        foreach (var a in Fixture.Accounts.Values)
        {
            var bare = a.Handle.TrimStart('@');
            spellings.Add((a.Platform, bare));
            spellings.Add((a.Platform, "@" + bare));
            spellings.Add((a.Platform, bare.ToUpperInvariant()));
            spellings.Add((a.Platform.ToLowerInvariant(), $"  {a.Handle}\u200B "));
            spellings.Add((a.Platform, string.Concat(("@" + bare).Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c)))); // full width
        }
        var data = new TheoryData<string, string>();
        foreach (var (platform, handle) in spellings) data.Add(platform, handle);
        return data;
    }

    [Theory]
    [MemberData(nameof(RegisteredSpellings))]
    public void A_registered_account_in_any_spelling_is_never_flagged(string platform, string handle)
    {
        Assert.Null(Fixture.Assess(platform, handle));
        Assert.Null(Fixture.Assess(platform, handle, "武蔵野市")); // even with an official display name
        Assert.Null(Fixture.Assess(platform, handle, "【公式】武蔵野市 広報"));
    }

    [Theory]
    [InlineData("X", "https://x.com/musashino_city")]
    [InlineData("X", "https://twitter.com/Musashino_City?lang=ja")]
    [InlineData("Twitter", "musashino_city")]
    [InlineData("Instagram", "https://www.instagram.com/musashino_city_official/")]
    [InlineData("Mastodon", "https://mstdn.jp/@musashino")]
    [InlineData("Mastodon", "musashino")] // no server given: taken to be the registered one
    [InlineData("Mastodon", "@MUSASHINO@MSTDN.JP")]
    [InlineData("Bluesky", "@musashino-city")]
    [InlineData("Bluesky", "https://bsky.app/profile/musashino-city.bsky.social")]
    [InlineData("Facebook", "https://www.facebook.com/musashino.city")]
    [InlineData("YouTube", "https://www.youtube.com/@musashinocitych")]
    [InlineData("Line", "@Musashino-City")]
    public void Urls_and_platform_specific_forms_of_a_registered_account_are_not_flagged(string platform, string handle) =>
        Assert.Null(Fixture.Assess(platform, handle));

    [Fact]
    public void A_Bluesky_handle_under_a_government_domain_is_verified_by_the_domain()
    {
        Assert.Null(Fixture.Assess("Bluesky", "city.musashino.lg.jp", "武蔵野市"));
        Assert.Null(Fixture.Assess("Bluesky", "@koho.city.musashino.lg.jp"));
        // The same name under an ordinary domain is a candidate.
        Assert.NotNull(Fixture.Assess("Bluesky", "city-musashino.example.com", "武蔵野市"));
    }

    [Theory]
    [InlineData("@tokyo_weather", "東京の天気")]
    [InlineData("@suzuki_taro", "鈴木太郎")]
    [InlineData("@tanaka_hanako", "田中花子")]
    [InlineData("@yamada_ichiro", "山田一郎")]
    [InlineData("@sakura_1234", "さくら")]
    [InlineData("@cat_lover_jp", "猫好き")]
    [InlineData("@ramen_hunter", "ラーメンハンター")]
    // "musashi" is not "musashino": 武蔵 is a province, a samurai, a station name and half the shops in the Tama area.
    [InlineData("@musashi", "武蔵")]
    [InlineData("@musashi_ramen", "ラーメン武蔵")]
    [InlineData("@taro_musashi", "武蔵太郎")]
    [InlineData("@miyamoto_musashi_bot", "宮本武蔵bot")]
    [InlineData("@musashisakai_deli", "武蔵境デリ")]
    [InlineData("@musashi_koganei", "武蔵小金井ライフ")]
    [InlineData("@musashikosugi_life", "武蔵小杉ライフ")]
    [InlineData("@musashimurayama_fan", "武蔵村山ファン")]
    // Neighbouring and other cities, with the same shape of handle as ours.
    [InlineData("@mitaka_city", "三鷹市")]
    [InlineData("@koganei_city", "小金井市")]
    [InlineData("@nishitokyo_city", "西東京市")]
    [InlineData("@chofu_city", "調布市")]
    [InlineData("@saitama_city", "さいたま市")]
    [InlineData("@kichijoji_guide", "吉祥寺ガイド")]
    [InlineData("@kichijoji_cafe", "吉祥寺カフェ巡り")]
    [InlineData("@inokashira_park", "井の頭恩賜公園")]
    // Companies and media.
    [InlineData("@jreast_official", "JR東日本")]
    [InlineData("@nhk_news", "NHKニュース")]
    [InlineData("@tenki_jp", "tenki.jp")]
    [InlineData("@seibu_bus", "西武バス")]
    [InlineData("@kantobus_official", "関東バス【公式】")]
    // Generic words only.
    [InlineData("@city_official", "City Official")]
    [InlineData("@koho_info", "広報マニア")]
    [InlineData("@official_jp", "公式情報まとめ")]
    [InlineData("@city_news_jp", "都市ニュース")]
    [InlineData("@cityhall_fan", "市役所ファン")]
    [InlineData("@bosai_tokyo", "東京防災")]
    [InlineData("@kosodate_mama", "子育てママ")]
    [InlineData("@library_lover", "図書館好き")]
    // Residents: the city in the display name, but as where they live.
    [InlineData("@taro_1985", "武蔵野市在住のたろう")]
    [InlineData("@hanako_mom", "武蔵野市民ママ")]
    [InlineData("@jiro_runner", "武蔵野市出身ランナー")]
    // Other places called 武蔵野 (the Japanese name given is 武蔵野市).
    [InlineData("@mau_student", "武蔵野美術大学の学生")]
    [InlineData("@bank_fan", "武蔵野銀行ファン")]
    // Short handles.
    [InlineData("@abc", "abc")]
    [InlineData("@x", null)]
    [InlineData("@mu", "む")]
    public void Ordinary_accounts_are_not_flagged(string handle, string? display)
    {
        foreach (var platform in new[] { "X", "Instagram", "Bluesky", "TikTok" })
        {
            var c = Fixture.Assess(platform, handle, display);
            Assert.True(c is null, $"{platform} {handle} {display}: {c?.Reason} {c?.Score} {c?.Explanation}");
        }
    }

    [Fact]
    public void The_musashi_decision_musashi_alone_is_not_musashino_but_musashi_city_reads_like_a_city_account()
    {
        Assert.Null(Fixture.Assess("X", "@musashi"));
        Assert.Null(Fixture.Assess("X", "@musashi_ramen"));
        // Two letters dropped from a 12-letter official handle, and still "… city": a weak look-alike.
        var c = Fixture.Assess("X", "@musashi_city");
        Assert.Equal(CandidateReason.Lookalike, c?.Reason);
        Assert.True(c!.Score < 0.7);
        // One letter dropped from musashino: a look-alike of the Mastodon account, on another platform, so weak.
        var musashin = Fixture.Assess("X", "@musashin");
        Assert.Equal(Fixture.Id("Mastodon"), musashin?.ResemblesAccountId);
        Assert.True(musashin!.Score < 0.5);
    }
}
