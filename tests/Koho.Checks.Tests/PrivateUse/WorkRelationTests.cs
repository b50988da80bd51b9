using Koho.Checks.PrivateUse;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>
/// A private post about the municipality or one's work is recognised (to ask for the disclaimer, Musashino 3.2(3)), at
/// its place in the text as typed; everyday posts, and other places' offices, are not.
/// </summary>
public sealed class WorkRelationTests
{
    private const string Name = "自治体名";
    private const string Office = "自治体の組織・行政への言及";
    private const string Work = "職場・仕事への言及";

    [Theory]
    // The own municipality's name, alone or with an office.
    [InlineData("武蔵野市の新しい図書館、ぜひ来てください。", "武蔵野市", "武蔵野市", Name)]
    [InlineData("武蔵野市役所の窓口は混んでいた", "武蔵野市", "武蔵野市役所", Office)]
    [InlineData("武蔵野市長の会見を見た", "武蔵野市", "武蔵野市長", Office)]
    [InlineData("千代田区の再開発について", "千代田区", "千代田区", Name)]
    [InlineData("今日は千代田区役所で手続き", "千代田区", "千代田区役所", Office)]
    [InlineData("上越市の雪まつり、今年も楽しみ", "上越市", "上越市", Name)]
    [InlineData("狛江市議会の傍聴に行った", "狛江市", "狛江市議会", Office)]
    [InlineData("大泉町のブラジル料理が好き", "大泉町", "大泉町", Name)]
    [InlineData("武蔵野市の話をします", "東京都武蔵野市", "武蔵野市", Name)] // the prefecture is not written in posts
    [InlineData("大泉町の祭り", "群馬県邑楽郡大泉町", "大泉町", Name)]
    // Offices and bodies written with the municipality's kind (市 for a 市, 区 for a 区 …).
    [InlineData("市役所のロビーでコンサートがありました", "武蔵野市", "市役所", Office)]
    [InlineData("うちの市長、今日の会見よかった", "武蔵野市", "うちの市長", Office)]
    [InlineData("市政についてひとこと言いたい", "武蔵野市", "市政", Office)]
    [InlineData("本市の取り組みを紹介します", "武蔵野市", "本市の取り組み", Office)]
    [InlineData("当市では子育て支援を拡充しました", "武蔵野市", "当市", Office)]
    [InlineData("我が市の財政は厳しい", "武蔵野市", "我が市の財政", Office)]
    [InlineData("昨日は市議会の傍聴に行ってきた", "武蔵野市", "市議会", Office)]
    [InlineData("副市長が視察に来た", "武蔵野市", "副市長", Office)]
    [InlineData("市の施策について思うこと", "武蔵野市", "市の施策", Office)]
    [InlineData("区政への意見です", "千代田区", "区政", Office)]
    [InlineData("区長の発言に思うところがある", "千代田区", "区長", Office)]
    [InlineData("町役場の前の桜が満開", "大泉町", "町役場", Office)]
    [InlineData("町長選挙の告示日", "大泉町", "町長", Office)]
    [InlineData("本町の予算はどうなるのか", "大泉町", "本町の予算", Office)]
    [InlineData("村長の話を聞いた", "檜原村", "村長", Office)]
    [InlineData("役所の仕事は地味だけど大切", "武蔵野市", "役所", Office)]
    [InlineData("新庁舎の設計が決まった", "武蔵野市", "新庁舎", Office)]
    [InlineData("庁内で噂になっている", "武蔵野市", "庁内", Office)]
    // One's own work.
    [InlineData("仕事で関わったイベントが大成功", "武蔵野市", "仕事で", Work)]
    [InlineData("仕事で担当している事業です", "武蔵野市", "仕事で", Work)]
    [InlineData("業務で知ったことは書きません", "武蔵野市", "業務", Work)]
    [InlineData("担当業務について少し書きます", "武蔵野市", "担当業務", Work)]
    [InlineData("職場の雰囲気がいい", "武蔵野市", "職場", Work)]
    [InlineData("うちの課は今月忙しい", "武蔵野市", "うちの課", Work)]
    [InlineData("公務員として思うこと", "武蔵野市", "公務員として", Work)]
    [InlineData("市職員として働いて10年", "武蔵野市", "市職員として", Work)]
    [InlineData("市の職員です。趣味は登山。", "武蔵野市", "市の職員です", Office)] // 市の職員 and 職員です: one mention
    [InlineData("話じゃなくて市政の話", "武蔵野市", "市政", Office)]
    [InlineData("今日は市議会を傍聴", "武蔵野市", "市議会", Office)]
    [InlineData("担当課に確認してから書きます", "武蔵野市", "担当課", Work)]
    [InlineData("所属部署の飲み会でした", "武蔵野市", "所属部署", Work)]
    [InlineData("勤務先の近くのカフェ", "武蔵野市", "勤務先", Work)]
    [InlineData("職務上の話は控えます", "武蔵野市", "職務", Work)]
    [InlineData("私の仕事は道路の維持管理です", "武蔵野市", "私の仕事", Work)]
    [InlineData("仕事柄、防災には詳しい", "武蔵野市", "仕事柄", Work)]
    [InlineData("いま課内会議中。眠い", "武蔵野市", "課内", Work)]
    [InlineData("うちの部でいま新しい案を作ってる", "武蔵野市", "うちの部", Work)]
    [InlineData("隣の係の係長がまた怒ってる", "武蔵野市", "隣の係", Work)]
    [InlineData("今日窓口に来たおばあちゃん、元気そうだった", "武蔵野市", "窓口に来た", Work)]
    [InlineData("担当してる案件がやっと片付いた", "武蔵野市", "担当してる", Work)]
    public void A_mention_of_the_municipality_or_ones_work_is_found_at_its_place(string text, string municipality, string expected, string reason)
    {
        var found = Assert.Single(WorkRelation.Find(text, municipality));
        Assert.Equal(expected, text.Substring(found.Start, found.Length));
        Assert.StartsWith(reason + "（", found.Reason);
        Assert.EndsWith("）", found.Reason);
    }

    [Theory]
    [InlineData("週末は井の頭公園を散歩。紅葉がきれいでした。", "武蔵野市")]
    [InlineData("今日の晩ごはんはカレー", "武蔵野市")]
    [InlineData("子どもの運動会、雨で延期になった", "武蔵野市")]
    [InlineData("新しいカメラを買いました", "武蔵野市")]
    [InlineData("吉祥寺でランチ。パスタがおいしかった", "武蔵野市")]
    [InlineData("今日の会議、長かった。", "武蔵野市")] // Koho cannot tell whose meeting: the user says so (SelfCheckInput.WorkRelated)
    [InlineData("三鷹市役所の近くのパン屋さんがおいしい", "武蔵野市")] // another municipality's office
    [InlineData("三鷹市長の講演を聞いた", "武蔵野市")]
    [InlineData("ニューヨーク市長のスピーチが話題", "武蔵野市")]
    [InlineData("さいたま市役所の隣の公園で花見", "武蔵野市")]
    [InlineData("つくば市長が来ていた", "武蔵野市")]
    [InlineData("引っ越したので区役所で住民票を取った", "武蔵野市")] // a 区's office, not a 市's
    [InlineData("県庁舎の展望台から夜景", "武蔵野市")]
    [InlineData("武蔵野線で府中本町まで", "武蔵野市")] // the region, not the city
    [InlineData("武蔵野の雑木林を歩く", "武蔵野市")]
    [InlineData("都市政策の本を読んでいる", "武蔵野市")] // 市政 inside 都市政策
    [InlineData("日本市場の株価が上がった", "武蔵野市")] // 本市 inside 日本市場
    [InlineData("市場で魚を買った", "武蔵野市")]
    [InlineData("朝市の計画を立てる", "武蔵野市")]
    [InlineData("長野に旅行", "武蔵野市")]
    [InlineData("ラーメン屋の店長がおもしろい", "武蔵野市")]
    [InlineData("仕事帰りに映画を観た", "武蔵野市")]
    [InlineData("夫が仕事で遅いので先に寝る", "武蔵野市")]
    [InlineData("職人さんの技に感動", "武蔵野市")]
    [InlineData("業務スーパーで冷凍うどんを買った", "武蔵野市")]
    [InlineData("子どもが職場体験でパン屋さんに行った", "武蔵野市")]
    [InlineData("深夜に職務質問された話", "武蔵野市")]
    [InlineData("娘が公務員試験の勉強を始めた", "武蔵野市")]
    [InlineData("病院で番号を呼ばれるのを待っている", "武蔵野市")]
    [InlineData("銀行の窓口に行ったら30分待ち", "武蔵野市")] // a customer at a counter
    [InlineData("うちの部活、県大会に出るって", "武蔵野市")]
    [InlineData("あと15分で定時！帰りにカレー食べる", "武蔵野市")]
    [InlineData("本町通りの商店街で買い物", "大泉町")]
    [InlineData("大阪本町でランチ", "大泉町")]
    [InlineData("千代田線で帰る", "千代田区")]
    [InlineData("", "武蔵野市")]
    public void Everyday_posts_are_not_about_work(string text, string municipality) => Assert.Empty(WorkRelation.Find(text, municipality));

    [Fact]
    public void Reasons_name_what_was_found_and_mentions_come_in_order()
    {
        const string text = "武蔵野市在住。職場の同僚と、仕事で担当した市の事業について話した。";
        var found = WorkRelation.Find(text, "武蔵野市");
        Assert.Equal(["自治体名（武蔵野市）", "職場・仕事への言及（職場）", "職場・仕事への言及（仕事で）", "自治体の組織・行政への言及（市の事業）"],
            found.Select(f => f.Reason));
        Assert.Equal(["武蔵野市", "職場", "仕事で", "市の事業"], found.Select(f => text.Substring(f.Start, f.Length)));
        Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Start + p.First.Length <= p.Second.Start)); // in order, not overlapping
    }

    [Fact]
    public void Overlapping_mentions_become_one_named_after_the_longest()
    {
        const string text = "武蔵野市の職員です";
        var found = Assert.Single(WorkRelation.Find(text, "武蔵野市"));
        Assert.Equal((0, text.Length), (found.Start, found.Length));
        Assert.Equal("自治体の組織・行政への言及（武蔵野市の職員です）", found.Reason);
    }

    [Fact]
    public void Offsets_point_into_the_original_text_whatever_width_and_surrogates()
    {
        // Half-width kana (ｶﾞ folds to one character), a ligature (㍿ folds to four), an emoji (two UTF-16 units).
        const string text = "ｶﾞｯｶﾘ🍛。㍿の話じゃなくて市政の話。ＭＵＳＡＳＨＩＮＯ！武蔵野市役所へ";
        var found = WorkRelation.Find(text, "武蔵野市");
        Assert.Equal(["市政", "武蔵野市役所"], found.Select(f => text.Substring(f.Start, f.Length)));
    }

    [Fact]
    public void Full_width_and_half_width_forms_around_the_words_and_in_the_name_do_not_matter()
    {
        // Full-width digits and spaces in the text, the municipality's name with spaces around it (as typed in a pack).
        const string text = "１２月の市議会　本会議を傍聴。ＴＶで武蔵野市長も見た";
        var found = WorkRelation.Find(text, "　武蔵野市 ");
        Assert.Equal(["市議会", "武蔵野市長"], found.Select(f => text.Substring(f.Start, f.Length)));
        Assert.Equal("自治体の組織・行政への言及（武蔵野市長）", found[1].Reason);
    }

    [Fact]
    public void Without_a_municipality_only_the_generic_phrases_count()
    {
        const string text = "職場の近くの市役所";
        Assert.Equal(["職場"], WorkRelation.Find(text, "").Select(f => text.Substring(f.Start, f.Length)));
        Assert.Empty(WorkRelation.Find("市長の会見", ""));
    }
}
