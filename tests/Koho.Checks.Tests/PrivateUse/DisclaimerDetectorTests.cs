using Koho.Checks.PrivateUse;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>The profile's disclaimer: the guideline's example in any width or spacing, or the same meaning in other words.</summary>
public sealed class DisclaimerDetectorTests
{
    private const string Musashino = "投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません";
    private const string Chiyoda = "投稿内容は私個人の見解であり、千代田区及び所属部署の見解を代表するものではありません";

    [Theory]
    [InlineData("投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません")]
    [InlineData("武蔵野市職員。「投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません」")]
    [InlineData("投稿内容は 私個人の意見であり 武蔵野市及び所属部署の見解を代表するものではありません。")]
    [InlineData("投稿内容は私個人の意見であり，武蔵野市及び所属部署の見解を代表するものではありません．写真好き")]
    [InlineData("登山/写真\n投稿内容は私個人の意見であり、\n武蔵野市及び所属部署の見解を代表するものではありません")]
    public void The_example_is_found_whatever_its_spacing_and_punctuation(string profile)
    {
        var m = DisclaimerDetector.Find(profile, Musashino);
        Assert.NotNull(m);
        var span = profile.Substring(m.Start, m.Length);
        Assert.StartsWith("投稿内容は", span);
        Assert.EndsWith("ありません", span);
    }

    [Theory]
    [InlineData("投稿は個人の意見です。所属組織の見解を代表するものではありません。")]
    [InlineData("発言は個人の見解であり、所属する団体とは一切関係ありません")]
    [InlineData("所属先の公式見解ではありません。あくまで個人の考えです。")]
    [InlineData("ここでの投稿は私個人の意見で、勤務先とは無関係です")]
    [InlineData("個人的な意見です（勤務先の見解ではありません）")]
    [InlineData("ｺｺﾃﾞﾉ投稿ハ個人ノ見解デアリ、所属組織ヲ代表スルモノデハアリマセン")]
    [InlineData("Views are my own.")]
    [InlineData("Opinions are my own and do not represent my employer.")]
    [InlineData("市職員 / views expressed here are my own")]
    [InlineData("Tweets are my own.")]
    [InlineData("All opinions my own")]
    public void Wording_with_the_same_meaning_is_found(string profile)
    {
        var m = DisclaimerDetector.Find(profile, Musashino);
        Assert.NotNull(m);
        Assert.InRange(m.Start + m.Length, 1, profile.Length);
    }

    [Fact]
    public void Chiyodas_example_is_found_with_its_own_wording() =>
        Assert.NotNull(DisclaimerDetector.Find("区職員です。" + Chiyoda, Chiyoda));

    [Theory]
    [InlineData("武蔵野市職員です。")]
    [InlineData("個人の意見です。")] // the personal part alone
    [InlineData("所属部署の見解を代表するものではありません")] // the other part alone
    [InlineData("市の公式アカウントもよろしくお願いします")]
    [InlineData("写真と登山が好きな会社員")]
    [InlineData("個人の意見が大事。趣味の話をします。気が向いたら、市の見解について書くかも。")] // no negation anywhere
    [InlineData("My own blog about cats")]
    [InlineData("")]
    [InlineData("   ")]
    public void Profiles_without_a_disclaimer_have_none(string profile) => Assert.Null(DisclaimerDetector.Find(profile, Musashino));

    [Fact]
    public void Without_an_example_only_the_meaning_counts()
    {
        Assert.NotNull(DisclaimerDetector.Find("投稿は個人の意見であり、所属組織を代表するものではありません", null));
        Assert.Null(DisclaimerDetector.Find("よろしくお願いします", null));
    }

    [Fact]
    public void Two_parts_far_apart_are_not_one_disclaimer()
    {
        var filler = new string('あ', 80);
        Assert.Null(DisclaimerDetector.Find($"個人の意見です。{filler}所属組織の見解ではありません", null));
    }
}
