namespace Koho.Watch.Tests;

/// <summary>
/// Each reason on real-looking handles of a Japanese municipality: what is found, which official account it is
/// said to resemble, how strongly, and that the explanation names that account.
/// </summary>
public sealed class LookalikeDetectorTests
{
    private static void Expect(ImpersonationCandidate? c, CandidateReason reason, string? resembles, double min, double max, string? fragment)
    {
        Assert.NotNull(c);
        Assert.Equal(reason, c.Reason);
        Assert.Equal(Fixture.Id(resembles), c.ResemblesAccountId);
        Assert.InRange(c.Score, min, max);
        if (fragment is not null) Assert.Contains(fragment, c.Explanation);
    }

    [Theory]
    // Confusable characters on the same platform: the strongest signal.
    [InlineData("X", "@musashino_clty", "X", "@musashino_city（公式）と見分けにくい文字（l→i）")]
    [InlineData("X", "@rnusashino_city", "X", "rn→m")]
    [InlineData("X", "@musash1no_city", "X", "1→i")]
    [InlineData("X", "@mu5ashino_city", "X", "5→s")]
    [InlineData("X", "@musashino_\u0441ity", "X", "キリル文字の「с」→c")] // Cyrillic с
    [InlineData("X", "@musashin\u03BF_city", "X", "ギリシャ文字の「ο」→o")] // Greek omicron
    [InlineData("X", "@MUS\u0410SHINO_CITY", "X", "キリル文字")] // Cyrillic capital А
    [InlineData("X", "@musashino_ｃｌｔｙ", "X", "l→i")] // full width is read as ASCII first
    [InlineData("X", "@musashino_bosaі", "XBosai", "@musashino_bosai（公式）")] // Ukrainian і
    [InlineData("Instagram", "musashino_clty_official", "IG", "@musashino_city_official（公式）")]
    [InlineData("Line", "@rnusashino-city", "Line", "@musashino-city（公式）")]
    [InlineData("Bluesky", "rnusashino-city.bsky.social", "Bluesky", "@musashino-city.bsky.social（公式）")]
    [InlineData("Mastodon", "@rnusashino@mstdn.jp", "Mastodon", "@musashino@mstdn.jp（公式）")]
    public void Confusable_characters_are_a_lookalike(string platform, string handle, string resembles, string fragment) =>
        Expect(Fixture.Assess(platform, handle), CandidateReason.Lookalike, resembles, 0.95, 0.95, fragment);

    [Fact]
    public void The_explanation_names_the_official_account_and_the_swapped_characters() =>
        Assert.Equal("@musashino_city（公式）と見分けにくい文字（0→o）を使っています", Fixture.Assess("X", "@musashin0_city")!.Explanation);

    [Theory]
    [InlineData("X", "@musashinocity", "X", "区切り記号（_ - .）だけが違う")]
    [InlineData("X", "@musashino__city", "X", "区切り記号")]
    [InlineData("Bluesky", "musashinocity.bsky.social", "Bluesky", "区切り記号")]
    [InlineData("Mastodon", "@musashino@mastodon.social", "Mastodon", "@musashino@mstdn.jp（公式）と同じ名前を別のサーバー（mastodon.social）で使っています")]
    [InlineData("Mastodon", "https://fedibird.com/@musashino", "Mastodon", "別のサーバー（fedibird.com）")]
    public void Separators_only_or_another_Mastodon_server_is_a_lookalike(string platform, string handle, string resembles, string fragment) =>
        Expect(Fixture.Assess(platform, handle), CandidateReason.Lookalike, resembles, 0.9, 0.9, fragment);

    [Theory]
    [InlineData("X", "@musashino_ctiy", "X", 0.75, "ti→")] // neighbours swapped (Damerau)
    [InlineData("X", "@musashino_citty", "X", 0.75, "余分な「t」")]
    [InlineData("X", "@musashino_cty", "X", 0.75, "「i」の抜け")]
    [InlineData("X", "@musashino_bousai", "XBosai", 0.75, "余分な「u」")]
    [InlineData("X", "@musashino_kosodat", "XKosodate", 0.75, "「e」の抜け")]
    // Two edits only for long skeletons; and "musashi_city" reads like a city account: decided to flag it (weaker).
    [InlineData("X", "@musashi_city", "X", 0.6, "「no」の抜け")]
    [InlineData("X", "@rnusashino_ctiy", "X", 0.6, null)] // rn→m folds away, then one swap
    public void A_near_miss_of_the_skeleton_is_a_weaker_lookalike(string platform, string handle, string resembles, double score, string? fragment) =>
        Expect(Fixture.Assess(platform, handle), CandidateReason.Lookalike, resembles, score, score, fragment);

    [Theory]
    [InlineData("TikTok", "@musashino_city", "X", "Xの公式アカウント@musashino_cityと同じ名前ですが、TikTokでは公式アカウントとして登録されていません")]
    [InlineData("Threads", "musashino_clty", "X", "Xの公式アカウント@musashino_cityと見分けにくい文字（l→i）を使った名前")]
    [InlineData("Bluesky", "musashino-bosai.bsky.social", "XBosai", "Xの公式アカウント@musashino_bosaiと区切り記号だけが違う名前")]
    [InlineData("Facebook", "musashino.kosodate", "XKosodate", "Facebookでは公式アカウントとして登録されていません")]
    public void The_same_name_on_another_platform_counts_but_lower(string platform, string handle, string resembles, string fragment) =>
        Expect(Fixture.Assess(platform, handle), CandidateReason.Lookalike, resembles, 0.55, 0.65, fragment);

    [Theory]
    [InlineData("X", "@musashino_city_official", "X", 0.85, "@musashino_city（公式）に「official」を付け足した名前です")]
    [InlineData("X", "@musashino_city_jp", "X", 0.85, "「jp」を付け足した")]
    [InlineData("X", "@official_musashino_city", "X", 0.85, "「official」を付け足した")]
    [InlineData("X", "@musashino_city2024", "X", 0.85, "「2024」を付け足した")]
    [InlineData("X", "@musashinocity_koho", "X", 0.85, "「koho」を付け足した")]
    [InlineData("X", "@musashino_city_koho_staff", "X", 0.85, "「koho」「staff」を付け足した")]
    [InlineData("X", "@musashino_city_0fficial", "X", 0.85, "「0fficial」を付け足した")]
    [InlineData("X", "@musash1no_city_official", "X", 0.85, "見分けにくい文字（1→i）も使っています")]
    [InlineData("X", "@musashino_bosai_info", "XBosai", 0.85, "@musashino_bosai（公式）に「info」を付け足した")]
    [InlineData("X", "@musashino_city_公式", "X", 0.85, "「公式」を付け足した")]
    [InlineData("X", "@musashinocity_news_", "X", 0.85, "「news」を付け足した")]
    [InlineData("Instagram", "musashino_city_official_jp", "IG", 0.85, "「jp」を付け足した")]
    [InlineData("Mastodon", "@musashino_city@mstdn.jp", "Mastodon", 0.85, "@musashino@mstdn.jp（公式）に「city」を付け足した")]
    [InlineData("Line", "@musashino-city-official", "Line", 0.85, null)]
    // Taken off or swapped: a little lower.
    [InlineData("X", "@musashino", "X", 0.75, "@musashino_city（公式）から「city」を除いた名前です")]
    [InlineData("X", "@musashino_official", "X", 0.75, "@musashino_city（公式）の「city」を「official」に替えた名前です")]
    [InlineData("Instagram", "musashino_city", "IG", 0.75, "@musashino_city_official（公式）から「official」を除いた")]
    [InlineData("YouTube", "@musashino_city", "YouTube", 0.75, "@musashinocitych（公式）から「ch」を除いた")]
    [InlineData("YouTube", "@musashinocity_official", "YouTube", 0.75, "「ch」を「official」に替えた")]
    public void Official_words_or_numbers_added_removed_or_swapped_are_an_added_affix(string platform, string handle, string resembles, double score, string? fragment) =>
        Expect(Fixture.Assess(platform, handle), CandidateReason.AddedAffix, resembles, score, score, fragment);

    [Fact]
    public void On_X_the_Instagram_handle_with_official_is_an_added_affix_of_the_X_account()
    {
        // Only the Instagram account is called …_official; on X the nearest official account is @musashino_city.
        var c = Fixture.Assess("X", "@musashino_city_official");
        Expect(c, CandidateReason.AddedAffix, "X", 0.85, 0.85, "@musashino_city（公式）");
    }

    [Fact]
    public void An_affix_added_on_another_platform_is_lower_and_says_so()
    {
        var c = Fixture.Assess("TikTok", "@musashino_city_official");
        Assert.NotNull(c);
        Assert.InRange(c.Score, 0.55, 0.65);
        Assert.Contains("TikTokでは公式アカウントとして登録されていません", c.Explanation);
    }

    [Theory]
    [InlineData("X", "@hanako_1234", "武蔵野市", "X", 0.8, "@musashino_city（公式）と同じ表示名「武蔵野市」を使っています")]
    [InlineData("X", "@hanako_1234", "武蔵野市 ", "X", 0.8, null)]
    [InlineData("X", "@hanako_1234", "武蔵野市防災", "XBosai", 0.8, "@musashino_bosai（公式）と同じ表示名「武蔵野市防災」")]
    [InlineData("X", "@hanako_1234", "武蔵野市　子育て支援", "XKosodate", 0.8, null)] // ideographic space
    [InlineData("Instagram", "saigai_joho_2024", "武蔵野市", "IG", 0.8, "@musashino_city_official（公式）と同じ表示名")]
    [InlineData("Facebook", "someone.page", "武蔵野市役所", "Facebook", 0.8, null)]
    // Dressed up: 【公式】, ✅, brackets.
    [InlineData("X", "@hanako_1234", "【公式】武蔵野市", "X", 0.75, "@musashino_city（公式）の表示名「武蔵野市」に飾りを付けただけの表示名「【公式】武蔵野市」")]
    [InlineData("X", "@hanako_1234", "武蔵野市✅", "X", 0.75, null)]
    [InlineData("X", "@hanako_1234", "武蔵野市（公式アカウント）", "X", 0.75, null)]
    [InlineData("X", "@hanako_1234", "武蔵野市公式", "X", 0.75, null)]
    // On another platform.
    [InlineData("TikTok", "@hanako_1234", "武蔵野市", "X", 0.52, "TikTokでは公式アカウントとして登録されていません")]
    public void A_registered_display_name_on_an_unregistered_handle_is_same_display_name(string platform, string handle, string display, string resembles, double score, string? fragment) =>
        Expect(Fixture.Assess(platform, handle, display), CandidateReason.SameDisplayName, resembles, score, score, fragment);

    [Fact]
    public void A_lookalike_that_also_copies_the_display_name_scores_higher_and_says_so()
    {
        var c = Fixture.Assess("X", "@musashin0_city", "武蔵野市");
        Expect(c, CandidateReason.Lookalike, "X", 1.0, 1.0, "表示名も「武蔵野市」で同じです");
        var affix = Fixture.Assess("X", "@musashino_city_official", "【公式】武蔵野市");
        Expect(affix, CandidateReason.AddedAffix, "X", 0.9, 0.9, "表示名も「武蔵野市」で同じです");
    }

    [Theory]
    [InlineData("X", "@musashino_ramen", "武蔵野らーめん", 0.3, "ユーザー名に「musashino」が入っていますが、Xでは公式アカウントとして登録されていません")]
    [InlineData("X", "@musashino_univ_life", null, 0.3, null)]
    [InlineData("X", "@tokyo_musashino_info", null, 0.5, "ユーザー名に「musashino」と「info」が入っています")]
    [InlineData("X", "@musashino_shiyakusho", null, 0.5, "「shiyakusho」")]
    [InlineData("X", "@musash1no_bosai_joho", null, 0.5, "「bosai」")] // through the skeleton
    [InlineData("X", "@tanaka_hanako", "武蔵野市の情報まとめ", 0.3, "表示名に「武蔵野市」が入っていますが")]
    [InlineData("X", "@tanaka_hanako", "武蔵野市役所 広報課", 0.5, "表示名に「武蔵野市」と「役所」が入っています")]
    [InlineData("X", "@tanaka_hanako", "東京都武蔵野市 公式情報", 0.5, "「公式」")]
    [InlineData("X", "@tanaka_hanako", "Musashino City Info", 0.5, "表示名に「musashino」と「city」")]
    [InlineData("Instagram", "gourmet_musashino", null, 0.3, "Instagramでは")]
    public void The_municipality_name_without_resembling_a_handle_is_municipality_name(string platform, string handle, string? display, double score, string? fragment) =>
        Expect(Fixture.Assess(platform, handle, display), CandidateReason.MunicipalityName, null, score, score, fragment);

    [Theory]
    [InlineData("@tsu_city_info", null, true)]
    [InlineData("@tsushi_koho", null, true)]
    [InlineData("@tsu", null, true)]
    [InlineData("@tsubasa_fan", null, false)]
    [InlineData("@matsuri_tsumugi", null, false)]
    [InlineData("@hanako", "津市のカフェめぐり", true)]
    [InlineData("@hanako", "三重県津市", true)]
    [InlineData("@hanako", "大津市のカフェめぐり", false)] // 大津市 is another city
    [InlineData("@hanako", "Tsu City Guide", true)]
    [InlineData("@hanako", "Tsubasa", false)]
    public void A_short_municipality_name_counts_only_as_a_whole_word(string handle, string? display, bool flagged)
    {
        var tsu = new LookalikeDetector([], ["津市", "tsu"]);
        var c = tsu.Assess(new ObservedAccount("X", handle, display));
        if (flagged) Assert.Equal(CandidateReason.MunicipalityName, c?.Reason);
        else Assert.Null(c);
    }

    [Theory]
    [InlineData("@ota", "X")] // exact skeleton on a short handle still counts
    [InlineData("@0ta", "X")]
    [InlineData("@ota_city", "X")]
    public void Short_registered_handles_match_only_exactly(string handle, string expectedPlatform)
    {
        var id = Guid.NewGuid();
        var detector = new LookalikeDetector([new RegisteredAccount(id, "Instagram", "ota", "大田")], []);
        var c = detector.Assess(new ObservedAccount(expectedPlatform, handle, null));
        if (handle == "@ota_city") Assert.Null(c); // the core "ota" is too short to carry an affix match
        else Assert.Equal(id, c?.ResemblesAccountId);
        Assert.Null(detector.Assess(new ObservedAccount("Instagram", "otb", null)));
        Assert.Null(detector.Assess(new ObservedAccount("Instagram", "oto", null)));
        Assert.Null(detector.Assess(new ObservedAccount("Instagram", "ota1", null)));
    }

    [Fact]
    public void Short_handles_of_five_to_nine_letters_allow_one_edit_and_longer_ones_two()
    {
        Assert.Equal(0, LookalikeDetector.AllowedEdits(4));
        Assert.Equal(1, LookalikeDetector.AllowedEdits(5));
        Assert.Equal(1, LookalikeDetector.AllowedEdits(9));
        Assert.Equal(2, LookalikeDetector.AllowedEdits(10));
        var d = new LookalikeDetector([new RegisteredAccount(Guid.NewGuid(), "X", "@kobe_shi", "神戸市")], []);
        Assert.NotNull(d.Assess(new ObservedAccount("X", "@kobe_sh1i", null)));  // one edit (skeleton kobeshl vs kobeshll)
        Assert.Null(d.Assess(new ObservedAccount("X", "@kube_shu", null)));       // two edits on 7 letters
    }

    [Fact]
    public void The_best_reason_wins_and_the_register_order_breaks_ties()
    {
        // Same display name as five accounts, none on TikTok: the first in the register is named.
        var c = Fixture.Assess("TikTok", "@someone", "武蔵野市");
        Assert.Equal(Fixture.Id("X"), c?.ResemblesAccountId);
        // A look-alike handle beats the display name it also carries.
        Assert.Equal(CandidateReason.Lookalike, Fixture.Assess("X", "@musashino_clty", "武蔵野市防災")?.Reason);
    }

    [Fact]
    public void The_observed_account_is_returned_as_given()
    {
        var observed = new ObservedAccount("X", "@Musashin0_City", "武蔵野市");
        Assert.Same(observed, Fixture.Detector.Assess(observed)!.Observed);
    }

    [Fact]
    public void A_municipality_name_alone_needs_no_register()
    {
        var d = new LookalikeDetector([], ["武蔵野市", "musashino"]);
        Assert.Equal(CandidateReason.MunicipalityName, d.Assess(new ObservedAccount("X", "@musashino_city", null))?.Reason);
        Assert.Null(d.Assess(new ObservedAccount("X", "@tokyo_weather", "東京の天気")));
        Assert.Null(new LookalikeDetector([], []).Assess(new ObservedAccount("X", "@musashino_city", "武蔵野市")));
    }

    [Fact]
    public void Key_is_the_normalised_handle()
    {
        Assert.Equal("musashino_city", LookalikeDetector.Key("X", " ＠Musashino_City "));
        Assert.Equal("musashino@mstdn.jp", LookalikeDetector.Key("mastodon", "https://mstdn.jp/@Musashino"));
        Assert.Equal("musashino-city", LookalikeDetector.Key("Bluesky", "@musashino-city.bsky.social"));
        Assert.Equal(LookalikeDetector.Key("Bluesky", "musashino-city"), LookalikeDetector.Key("Bluesky", "https://bsky.app/profile/musashino-city.bsky.social"));
    }

    [Fact]
    public void Platforms_outside_the_known_seven_compare_without_case()
    {
        var d = new LookalikeDetector([new RegisteredAccount(Guid.NewGuid(), "TikTok", "@musashino_city_tt", "武蔵野市")], []);
        Assert.Null(d.Assess(new ObservedAccount("tiktok", "@Musashino_City_TT", "武蔵野市")));
        Assert.Equal(CandidateReason.Lookalike, d.Assess(new ObservedAccount("TIKTOK", "@musashino_clty_tt", null))?.Reason);
        Assert.Contains("（公式）", d.Assess(new ObservedAccount("TIKTOK", "@musashino_clty_tt", null))!.Explanation); // same platform
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new LookalikeDetector(null!, []));
        Assert.Throws<ArgumentNullException>(() => new LookalikeDetector([], null!));
        Assert.Throws<ArgumentNullException>(() => Fixture.Detector.Assess(null!));
    }

    [Fact]
    public void Bad_register_rows_and_empty_observed_handles_do_not_break_the_detector()
    {
        var d = new LookalikeDetector(
            [null!, new RegisteredAccount(Guid.NewGuid(), "X", "", "武蔵野市"), new RegisteredAccount(Guid.NewGuid(), "X", "@", null!), new RegisteredAccount(Guid.NewGuid(), null!, null!, null!)],
            [null!, "", " ", "ab"]);
        Assert.Null(d.Assess(new ObservedAccount("X", "", null)));
        Assert.Equal(CandidateReason.SameDisplayName, d.Assess(new ObservedAccount("X", "@someone", "武蔵野市"))?.Reason);
        Assert.Null(Fixture.Assess("X", "   ", null));
        Assert.Equal(CandidateReason.SameDisplayName, Fixture.Assess("X", "", "武蔵野市")?.Reason);
    }
}
