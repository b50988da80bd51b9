using Koho.Checks.PrivateUse;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>
/// The profile's disclaimer (Musashino 3.2(3), Chiyoda 6(2)): the guideline's example in any width, spacing, quotes or
/// punctuation, or the same meaning in other words — both parts, the writer's own view and not the organisation's.
/// </summary>
public sealed class DisclaimerDetectorTests
{
    // The examples as the packs carry them (packs/musashino.yaml, packs/chiyoda.yaml privateUse.disclaimer.example).
    private const string Musashino = "投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません";
    private const string Chiyoda = "投稿内容は私個人の見解であり、千代田区及び所属部署の見解を代表するものではありません";

    [Theory]
    [InlineData("投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません", "musashino")]
    [InlineData("武蔵野市職員。「投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません」", "musashino")]
    [InlineData("投稿内容は 私個人の意見であり 武蔵野市及び所属部署の見解を代表するものではありません。", "musashino")]
    [InlineData("投稿内容は　私個人の意見であり　武蔵野市及び　所属部署の見解を代表するものではありません", "musashino")]
    [InlineData("投稿内容は私個人の意見であり，武蔵野市及び所属部署の見解を代表するものではありません．写真好き", "musashino")]
    [InlineData("投稿内容は私個人の意見であり､武蔵野市及び所属部署の見解を代表するものではありません｡", "musashino")]
    [InlineData("登山/写真\n投稿内容は私個人の意見であり、\n武蔵野市及び所属部署の見解を代表するものではありません", "musashino")]
    [InlineData("※『投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません』", "musashino")]
    [InlineData("投稿内容は私個人の見解であり、千代田区及び所属部署の見解を代表するものではありません", "chiyoda")]
    [InlineData("千代田区在勤。 投稿内容は私個人の見解であり､ 千代田区及び所属部署の見解を代表するものではありません!", "chiyoda")]
    [InlineData("【投稿内容は私個人の見解であり、千代田区及び所属部署の見解を代表するものではありません】ランニング好き", "chiyoda")]
    public void The_example_is_found_whatever_its_spacing_width_quotes_and_punctuation(string profile, string pack)
    {
        var m = DisclaimerDetector.Find(profile, pack == "musashino" ? Musashino : Chiyoda);
        Assert.NotNull(m);
        var span = profile.Substring(m.Start, m.Length);
        Assert.StartsWith("投稿内容は", span); // the quotes around it are not part of it
        Assert.EndsWith("ありません", span);
    }

    [Theory]
    [InlineData("投稿は個人の意見です。所属組織の見解を代表するものではありません。", "個人の意見です。所属組織の見解を代表するものではありません")]
    [InlineData("発言は個人の見解であり、所属する団体とは一切関係ありません", "個人の見解であり、所属する団体とは一切関係ありません")]
    [InlineData("所属先の公式見解ではありません。あくまで個人の考えです。", "見解ではありません。あくまで個人の考え")]
    [InlineData("ここでの投稿は私個人の意見で、勤務先とは無関係です", "私個人の意見で、勤務先とは無関係")]
    [InlineData("個人的な意見です（勤務先の見解ではありません）", "個人的な意見です（勤務先の見解ではありません")]
    [InlineData("ｺｺﾃﾞﾉ投稿ﾊ個人ﾉ見解ﾃﾞｱﾘ、所属組織ｦ代表ｽﾙﾓﾉﾃﾞﾊｱﾘﾏｾﾝ", "個人ﾉ見解ﾃﾞｱﾘ、所属組織ｦ代表ｽﾙﾓﾉﾃﾞﾊｱﾘﾏｾﾝ")]
    [InlineData("本アカウントでの発信は私見であり、所属組織の公式な見解ではありません", "私見であり、所属組織の公式な見解ではありません")]
    [InlineData("私的な意見であり、所属先とは関係がありません。", "私的な意見であり、所属先とは関係がありません")]
    [InlineData("投稿は個人の意見であり、所属組織の見解とは異なる場合があります", "個人の意見であり、所属組織の見解とは異なる")]
    [InlineData("個人アカウントです。意見は個人のものであり、勤務先を代表していません", "個人のものであり、勤務先を代表していません")]
    [InlineData("投稿内容は私個人の意見であり、武蔵野市の見解を示すものではありません", "私個人の意見であり、武蔵野市の見解を示すものではありません")]
    [InlineData("投稿内容は個人の意見であり、上越市とは関係ありません", "個人の意見であり、上越市とは関係ありません")]
    [InlineData("ここでの発言は所属とは関係なく、個人のものです", "とは関係なく、個人のもの")]
    [InlineData("投稿は個人的なものであり所属団体の公式見解ではありません", "個人的なものであり所属団体の公式見解ではありません")]
    [InlineData("Opinions expressed are my own.", "Opinions expressed are my own")]
    [InlineData("Views are my own.", "Views are my own")]
    [InlineData("Opinions are my own and do not represent my employer.", "Opinions are my own")]
    [InlineData("市職員 / views expressed here are my own", "views expressed here are my own")]
    [InlineData("Tweets are my own.", "Tweets are my own")]
    [InlineData("All opinions my own", "opinions my own")]
    [InlineData("My own views, not my employer's.", "My own views")]
    [InlineData("Posts do not represent the views of my employer.", "do not represent the views of my employer")]
    [InlineData("ＶＩＥＷＳ　ＡＲＥ　ＭＹ　ＯＷＮ", "ＶＩＥＷＳ　ＡＲＥ　ＭＹ　ＯＷＮ")]
    public void Wording_with_the_same_meaning_is_found(string profile, string expected)
    {
        var m = DisclaimerDetector.Find(profile, Musashino);
        Assert.NotNull(m);
        Assert.Equal(expected, profile.Substring(m.Start, m.Length));
    }

    [Fact]
    public void Another_guidelines_wording_is_found_by_its_meaning()
    {
        // Chiyoda's wording in a Musashino profile is not Musashino's example, but says the same.
        var m = DisclaimerDetector.Find("区職員です。" + Chiyoda, Musashino);
        Assert.NotNull(m);
        Assert.Equal("私個人の見解であり、千代田区及び所属部署の見解を代表するものではありません", ("区職員です。" + Chiyoda).Substring(m.Start, m.Length));
    }

    [Theory]
    [InlineData("武蔵野市職員です。")]
    [InlineData("個人の意見です。")] // the personal part alone
    [InlineData("私個人の意見を書いています。よろしくお願いします")]
    [InlineData("所属部署の見解を代表するものではありません")] // the other part alone
    [InlineData("市の公式アカウントとは関係ありません")]
    [InlineData("市の公式アカウントもよろしくお願いします")]
    [InlineData("写真と登山が好きな会社員")]
    [InlineData("個人の意見が大事。趣味の話をします。気が向いたら、市の見解について書くかも。")]
    [InlineData("これは個人の意見ではなく、市の公式見解です")] // one negation of the personal part itself
    [InlineData("個人の感想です。効果を保証するものではありません")] // the advertising disclaimer
    [InlineData("My own blog about cats")]
    [InlineData("Reviews my favorite books")]
    [InlineData("I represent the city at the marathon")]
    [InlineData("")]
    [InlineData("   ")]
    public void Profiles_without_a_disclaimer_have_none(string profile)
    {
        Assert.Null(DisclaimerDetector.Find(profile, Musashino));
        Assert.Null(DisclaimerDetector.Find(profile, null));
    }

    [Fact]
    public void Without_an_example_only_the_meaning_counts()
    {
        var m = DisclaimerDetector.Find(Musashino, null);
        Assert.NotNull(m);
        Assert.Equal("私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません", Musashino.Substring(m.Start, m.Length));
        Assert.NotNull(DisclaimerDetector.Find("投稿は個人の意見であり、所属組織を代表するものではありません", "  "));
        Assert.Null(DisclaimerDetector.Find("よろしくお願いします", null));
    }

    [Fact]
    public void Two_parts_far_apart_are_not_one_disclaimer()
    {
        var filler = new string('あ', 80);
        Assert.Null(DisclaimerDetector.Find($"個人の意見です。{filler}所属組織の見解ではありません", null));
        Assert.NotNull(DisclaimerDetector.Find($"個人の意見です。{filler[..20]}所属組織の見解ではありません", null));
    }

    [Fact]
    public void A_long_profile_is_checked_quickly()
    {
        // Linear-time regexes: a 2,000-character profile (the self-check's limit) full of near-misses stays fast.
        var profile = string.Concat(Enumerable.Repeat("個人の意見代表するもの", 180));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) DisclaimerDetector.Find(profile, Musashino);
        Assert.InRange(watch.ElapsedMilliseconds, 0, 2_000);
    }
}
