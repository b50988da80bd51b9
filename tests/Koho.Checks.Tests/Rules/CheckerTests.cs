using Koho.Packs;
using Koho.Checks.Packs;
using Koho.Checks.Rules;
using Koho.Checks.Text;

namespace Koho.Checks.Tests.Rules;

/// <summary>What the checker reports, where (spans in the original text), and with which clauses.</summary>
public sealed class CheckerTests
{
    private static readonly CompiledPack Musashino = Checker.Compile(BuiltInPacks.Get("musashino"));
    private static readonly CompiledPack Joetsu = Checker.Compile(BuiltInPacks.Get("joetsu"));
    private static readonly DateTimeOffset Weekday = new(2026, 12, 9, 10, 0, 0, TimeSpan.FromHours(9));

    private static CheckResult Check(string text, CompiledPack? pack = null, Platform? platform = Platform.X) =>
        Checker.Check(new Draft(text) { ScheduledAt = Weekday, Platform = platform }, pack ?? Musashino);

    private static Finding Single(string text, string category) =>
        Assert.Single(Check(text).Findings, f => f.Category == category);

    [Theory]
    [InlineData("123456789018", true)]
    [InlineData("123456789012", false)]
    [InlineData("000000000000", true)]
    public void My_number_check_digit(string digits, bool valid) => Assert.Equal(valid, PersonalInfoRule.IsValidMyNumber(digits));

    [Theory]
    [InlineData("マイナンバー 1234 5678 9018 を確認")]
    [InlineData("マイナンバー：１２３４－５６７８－９０１８")]
    [InlineData("個人番号は123456789018です")]
    public void A_my_number_is_found_with_separators_and_full_width_digits_and_blocked(string text)
    {
        var f = Single(text, Categories.PersonalInfo);
        Assert.Equal(Severity.Block, f.Severity);
        Assert.Equal("personal-info.my-number", f.Rule);
        Assert.All(text.Substring(f.Start, f.Length).Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '－'), c => Assert.True(char.IsDigit(c)));
    }

    [Theory]
    [InlineData("受付番号 123456789012 の方は窓口へ")] // fails the check digit
    [InlineData("お問い合わせは市役所代表 0422-51-5131 へ")]
    [InlineData("救急相談は #7119、消費者ホットライン 188、フリーダイヤル 0120-123-456")]
    [InlineData("個人情報の取扱いについては市のホームページをご覧ください。")]
    [InlineData("〒180-8777 武蔵野市緑町二丁目2番28号 武蔵野市役所")]
    public void Public_contacts_and_talk_about_personal_information_are_not_personal_information(string text) =>
        Assert.DoesNotContain(Check(text).Findings, f => f.Category == Categories.PersonalInfo && f.Severity == Severity.Block);

    [Fact]
    public void A_lexicon_term_is_found_through_spaces_width_and_kana_and_reported_on_the_original_text()
    {
        const string text = "これは 部 外 秘 の資料です。ｺｺﾀﾞｹﾉ話ですが";
        var findings = Check(text).Findings.Where(f => f.Category == Categories.Confidential).ToList();
        Assert.Contains(findings, f => text.Substring(f.Start, f.Length) == "部 外 秘");
        Assert.Contains(findings, f => text.Substring(f.Start, f.Length) == "ｺｺﾀﾞｹﾉ話");
    }

    [Fact]
    public void A_lexicon_term_with_a_masked_character_is_still_found()
    {
        var f = Single("部外○の資料を共有します。", Categories.Confidential);
        Assert.Equal(0, f.Start);
        Assert.Equal(3, f.Length);
    }

    [Fact]
    public void Findings_cite_the_clauses_of_the_pack_with_their_text()
    {
        var f = Single("【内部資料】補助金の審査結果一覧です。", Categories.Confidential);
        Assert.NotEmpty(f.Clauses);
        Assert.All(f.Clauses, c =>
        {
            Assert.Equal("musashino", c.Pack);
            Assert.False(string.IsNullOrWhiteSpace(c.Quote));
        });
        Assert.Contains("公開", f.Message);
    }

    [Theory]
    [InlineData("二〇二六年の市民まつりのお知らせ")]
    [InlineData("開館日：○＝開館 ×＝休館")]
    [InlineData("ポスターのサイズは縦38cm×横54cm以内です。")]
    [InlineData("○日時　12月1日（火）")]
    [InlineData("3×4のマス目に記入してください")]
    public void Kanji_numerals_legends_sizes_and_bullets_are_not_masks(string text) =>
        Assert.DoesNotContain(Check(text).Findings, f => f.Category == Categories.MaskedText);

    [Theory]
    [InlineData("例の××議員の発言について")]
    [InlineData("○○さんから寄せられた意見です")]
    [InlineData("死●という言葉")]
    public void Masks_are_found(string text) => Assert.Contains(Check(text).Findings, f => f.Category == Categories.MaskedText);

    [Theory]
    [InlineData("詳しくは https://t.ly/AbCd をご覧ください。", Categories.UrlShortener)]
    [InlineData("詳しくは bit.ly/3xYz をご覧ください。", Categories.UrlShortener)]
    [InlineData("詳しくは http://www.city.musashino.lg.jp/ をご覧ください。", Categories.UntrustedLink)]
    [InlineData("詳しくは https://example.com/page をご覧ください。", Categories.UntrustedLink)]
    public void Links(string text, string category) => Assert.Contains(Check(text).Findings, f => f.Category == category);

    [Theory]
    [InlineData("詳しくは https://www.city.musashino.lg.jp/kurashi/ をご覧ください。")]
    [InlineData("気象情報は https://www.jma.go.jp/ で確認できます。")]
    [InlineData("詳しくはcity.musashino.lg.jpをご覧ください。")]
    public void Own_lg_jp_and_go_jp_links_are_trusted(string text) =>
        Assert.DoesNotContain(Check(text).Findings, f => f.Category is Categories.UntrustedLink or Categories.UrlShortener);

    [Theory]
    [InlineData("ご来場をご検討中の方は、事前にお申し込みください。")]
    [InlineData("購入を検討している方向けの説明会を開催します。")]
    [InlineData("駅前再開発の検討会（公開）を開催します。")]
    public void Readers_considering_something_is_not_an_undecided_policy(string text) =>
        Assert.DoesNotContain(Check(text).Findings, f => f.Category == Categories.UndecidedPolicy);

    [Theory]
    [InlineData("噂の新スイーツが道の駅に登場！")]
    [InlineData("素晴らしい景色が広がります。")]
    [InlineData("武蔵野らしい秋の風景です。")]
    [InlineData("「…と聞いたけど本当？」というご質問をいただきました。")]
    public void Marketing_and_adjectives_are_not_rumours(string text) =>
        Assert.DoesNotContain(Check(text).Findings, f => f.Category == Categories.Rumor && f.Severity == Severity.Block);

    [Fact]
    public void Out_of_hours_disaster_information_is_allowed_and_Joetsu_allows_events_too()
    {
        var sunday = new DateTimeOffset(2026, 12, 13, 10, 0, 0, TimeSpan.FromHours(9));
        Assert.Contains(Checker.Check(new Draft("週末のイベントです") { ScheduledAt = sunday, Category = PostCategory.Event }, Musashino).Findings,
            f => f.Category == Categories.OutsideHours);
        Assert.DoesNotContain(Checker.Check(new Draft("週末のイベントです") { ScheduledAt = sunday, Category = PostCategory.Event }, Joetsu).Findings,
            f => f.Category == Categories.OutsideHours);
        Assert.DoesNotContain(Checker.Check(new Draft("避難所を開設しました") { ScheduledAt = sunday, Category = PostCategory.Disaster }, Musashino).Findings,
            f => f.Category == Categories.OutsideHours);
    }

    [Fact]
    public void A_private_post_during_working_hours_is_reported_and_the_same_post_at_night_is_not()
    {
        Assert.Contains(Checker.Check(new Draft("今日の昼ごはん") { Mode = PostMode.Private, ScheduledAt = Weekday }, Musashino).Findings,
            f => f.Category == Categories.DuringWorkHours);
        Assert.Empty(Checker.Check(new Draft("今日の昼ごはん") { Mode = PostMode.Private, ScheduledAt = Weekday.AddHours(10) }, Musashino).Findings);
    }

    [Fact]
    public void A_near_repeat_of_a_recent_post_is_reported()
    {
        var draft = new Draft("本日は狛江駅前で献血を行っています。ご協力ください！") { Recent = ["本日は狛江駅前で献血を行っています。ご協力ください。"] };
        Assert.Contains(Checker.Check(draft, Musashino).Findings, f => f.Category == Categories.RepeatedPost);
        var different = draft with { Recent = ["図書館の休館日のお知らせです。"] };
        Assert.DoesNotContain(Checker.Check(different, Musashino).Findings, f => f.Category == Categories.RepeatedPost);
    }

    [Fact]
    public void Text_over_the_limit_is_one_finding_not_a_scan()
    {
        var result = Checker.Check(new Draft(new string('あ', Checker.MaxLength + 1)), Musashino);
        Assert.Equal(Categories.TooLong, Assert.Single(result.Findings).Category);
    }

    [Fact]
    public void The_normalised_views_map_back_to_the_original()
    {
        var t = NormalizedText.Create("ＡＢＣ　ｶﾞｯｺｳ・部外秘");
        Assert.Equal("abc がっこう部外秘".Replace(" ", ""), t.Lexical);
        var i = t.Lexical.IndexOf("部外秘", StringComparison.Ordinal);
        Assert.Equal((t.Original.IndexOf('部'), 3), t.LexicalToOriginal(i, 3));
        var k = t.Lexical.IndexOf("がっこう", StringComparison.Ordinal);
        Assert.Equal("ｶﾞｯｺｳ", t.Original.Substring(t.LexicalToOriginal(k, 4).Start, t.LexicalToOriginal(k, 4).Length));
    }

    [Fact]
    public void Characters_that_fold_to_several_grow_the_views_and_still_map_back()
    {
        // ㍿ folds to 株式会社 (four characters): forty of them outgrow the buffers sized for the original.
        var original = "取引先は" + string.Concat(Enumerable.Repeat("㍿", 40)) + "の部外秘資料";
        var t = NormalizedText.Create(original);
        Assert.Equal("取引先は" + string.Concat(Enumerable.Repeat("株式会社", 40)) + "の部外秘資料", t.Lexical);
        var i = t.Lexical.IndexOf("部外秘", StringComparison.Ordinal);
        Assert.Equal("部外秘", original.Substring(t.LexicalToOriginal(i, 3).Start, t.LexicalToOriginal(i, 3).Length));
        // The checker (which borrows its buffers from a pool) reports the same place, twice in a row.
        for (var n = 0; n < 2; n++)
        {
            var finding = Assert.Single(Checker.Check(new Draft(original), Musashino).Findings, f => f.Category == Categories.Confidential);
            Assert.StartsWith("部外秘", original.Substring(finding.Start, finding.Length));
        }
    }
}
