using Koho.Checks.PrivateUse;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>A private post about the municipality or one's work is recognised (to ask for the disclaimer); everyday posts are not.</summary>
public sealed class WorkRelationTests
{
    [Theory]
    [InlineData("武蔵野市の新しい図書館、ぜひ来てください。", "武蔵野市", "武蔵野市")]
    [InlineData("武蔵野市役所の窓口は混んでいた", "武蔵野市", "武蔵野市")]
    [InlineData("ＭＵＳＡＳＨＩＮＯ", "武蔵野市", null)] // another spelling of the name is not the name
    [InlineData("市役所のロビーでコンサートがありました", "武蔵野市", "市役所")]
    [InlineData("うちの市長、今日の会見よかった", "武蔵野市", "市長")]
    [InlineData("市政についてひとこと言いたい", "武蔵野市", "市政")]
    [InlineData("本市の取り組みを紹介します", "武蔵野市", "本市")]
    [InlineData("当市では子育て支援を拡充しました", "武蔵野市", "当市")]
    [InlineData("市議会の傍聴に行ってきた", "武蔵野市", "市議会")]
    [InlineData("市職員の働き方について", "武蔵野市", "市職員")]
    [InlineData("区政への意見です", "千代田区", "区政")]
    [InlineData("区長の発言に思うところがある", "千代田区", "区長")]
    [InlineData("千代田区の再開発について", "千代田区", "千代田区")]
    [InlineData("町役場の前の桜が満開", "大泉町", "町役場")]
    [InlineData("町長選挙の告示日", "大泉町", "町長")]
    [InlineData("仕事で関わったイベントが大成功", "武蔵野市", "仕事で関わ")]
    [InlineData("仕事で担当している事業です", "武蔵野市", "仕事で担当")]
    [InlineData("業務で知ったことは書きません", "武蔵野市", "業務で")]
    [InlineData("職場の雰囲気がいい", "武蔵野市", "職場")]
    [InlineData("うちの課は今月忙しい", "武蔵野市", "うちの課")]
    [InlineData("公務員として思うこと", "武蔵野市", "公務員として")]
    [InlineData("市の職員です。趣味は登山。", "武蔵野市", "職員です")]
    [InlineData("庁内で噂になっている", "武蔵野市", "庁内")]
    [InlineData("担当課に確認してから書きます", "武蔵野市", "担当課")]
    [InlineData("勤務先の近くのカフェ", "武蔵野市", "勤務先")]
    [InlineData("職務上の話は控えます", "武蔵野市", "職務")]
    public void Mentions_of_the_municipality_or_ones_work_are_found_at_their_place(string text, string municipality, string? expected)
    {
        var found = WorkRelation.Find(text, municipality);
        if (expected is null)
        {
            Assert.Empty(found);
            return;
        }
        var first = Assert.Single(found, f => text.Substring(f.Start, f.Length) == expected);
        Assert.False(string.IsNullOrEmpty(first.Reason));
    }

    [Theory]
    [InlineData("週末は井の頭公園を散歩。紅葉がきれいでした。")]
    [InlineData("今日の晩ごはんはカレー")]
    [InlineData("子どもの運動会、雨で延期になった")]
    [InlineData("新しいカメラを買いました")]
    [InlineData("三鷹市役所の近くのパン屋さんがおいしい")] // another municipality's office
    [InlineData("三鷹市長の講演を聞いた")]
    [InlineData("都市政策の本を読んでいる")] // 市政 inside 都市政策
    [InlineData("日本市場の株価が上がった")] // 本市 inside 日本市場
    [InlineData("市場で魚を買った")]
    [InlineData("長野に旅行")]
    [InlineData("ラーメン屋の店長がおもしろい")]
    [InlineData("仕事帰りに映画を観た")]
    [InlineData("職人さんの技に感動")]
    [InlineData("病院で番号を呼ばれるのを待っている")]
    [InlineData("")]
    public void Everyday_posts_are_not_about_work(string text) => Assert.Empty(WorkRelation.Find(text, "武蔵野市"));

    [Fact]
    public void Offsets_point_into_the_original_text_with_full_width_and_half_width_forms()
    {
        const string text = "ｶﾌｪで休憩。武蔵野市の話ではありません（市政の話です）";
        var found = WorkRelation.Find(text, "武蔵野市");
        Assert.Equal(["武蔵野市", "市政"], found.Select(f => text.Substring(f.Start, f.Length)));
        Assert.Equal("自治体名（武蔵野市）", found[0].Reason);
    }

    [Fact]
    public void The_municipality_and_its_office_are_one_mention()
    {
        const string text = "武蔵野市長の会見";
        var found = Assert.Single(WorkRelation.Find(text, "武蔵野市"));
        Assert.Equal("武蔵野市", text.Substring(found.Start, found.Length));
    }
}
