using Koho.Checks.Packs;

namespace Koho.Checks.Rules;

/// <summary>
/// Terms every pack shares (the guidelines all forbid confidential information, discrimination and obscenity);
/// each pack adds its own. Chosen so that ordinary municipal announcements do not contain them: no bare 検討, no
/// 個人情報, no short kana that occur inside everyday words.
/// </summary>
internal static class CommonLexicon
{
    private static LexiconEntry E(string term, string category, string? suggestion = null, string? note = null) =>
        new() { Term = term, Category = category, Suggestion = suggestion, Note = note };

    /// <summary>A hint rather than proof: reported as a warning.</summary>
    private static LexiconEntry Hint(string term, string category, string? note = null) =>
        new() { Term = term, Category = category, Note = note, Weak = true };

    public static readonly IReadOnlyList<LexiconEntry> Entries =
    [
        E("部外秘", Categories.Confidential), E("内部資料", Categories.Confidential), E("取扱注意", Categories.Confidential),
        E("取り扱い注意", Categories.Confidential), E("取扱い注意", Categories.Confidential), E("極秘", Categories.Confidential),
        E("ここだけの話", Categories.Confidential), E("内部情報", Categories.Confidential), E("社外秘", Categories.Confidential),
        E("庁外秘", Categories.Confidential), E("庁内限り", Categories.Confidential), E("秘密情報", Categories.Confidential),
        E("オフレコ", Categories.Confidential), E("非公開情報", Categories.Confidential), E("未公表資料", Categories.Confidential),
        E("内部文書", Categories.Confidential), E("関係者限り", Categories.Confidential), E("外部秘", Categories.Confidential), E("外秘", Categories.Confidential),
        E("口外厳禁", Categories.Confidential), E("内緒ですが", Categories.Confidential), E("内緒の話", Categories.Confidential),
        E("まだ公表されていない", Categories.Confidential), E("公表前の資料", Categories.Confidential), E("秘扱い", Categories.Confidential), E("マル秘", Categories.Confidential),
        E("未公表の", Categories.Confidential), E("未公表ですが", Categories.Confidential), E("非公表の", Categories.Confidential),
        Hint("内部集計", Categories.Confidential), Hint("内部の資料", Categories.Confidential), Hint("庁内資料", Categories.Confidential),
        Hint("予定価格", Categories.Confidential),

        E("気違い", Categories.Discrimination, "（表現を削除）"), E("片親", Categories.Discrimination, "ひとり親"), E("外人", Categories.Discrimination, "外国人・外国籍の方"),
        E("支那人", Categories.Discrimination, "中国の方"),
        E("シナ人", Categories.Discrimination, "中国の方"), E("ジャップ", Categories.Discrimination, "（表現を削除）"),
        E("痴呆", Categories.Discrimination, "認知症"), E("精神分裂病", Categories.Discrimination, "統合失調症"),
        E("部落民", Categories.Discrimination, "（表現を削除）"), E("乞食", Categories.Discrimination, "（表現を削除）"),
        E("未開人", Categories.Discrimination, "（表現を削除）"), E("後進国", Categories.Discrimination, "開発途上国"),
        E("女のくせに", Categories.Discrimination, "（表現を削除）"), E("男のくせに", Categories.Discrimination, "（表現を削除）"),
        E("女子供", Categories.Discrimination, "（表現を削除）"), E("つんぼ", Categories.Discrimination, "耳の不自由な方"), E("片輪", Categories.Discrimination, "（表現を削除）"), E("オカマ", Categories.Discrimination, "（表現を削除）"),
        E("障害者のくせに", Categories.Discrimination, "（表現を削除）"), E("老害", Categories.Discrimination, "（表現を削除）"),
        E("ボケ老人", Categories.Discrimination, "認知症の方"), E("人種が違う", Categories.Discrimination),
        Hint("ビンビン", Categories.Obscene), Hint("夜のほうも", Categories.Obscene), Hint("太くて長くて", Categories.Obscene),
        Hint("毎晩大満足", Categories.Obscene), Hint("胸元を", Categories.Obscene), Hint("色っぽく", Categories.Obscene),
        E("ラブホ", Categories.Obscene), E("エロ本", Categories.Obscene), E("エロかった", Categories.Obscene), E("エロ漫画", Categories.Obscene),
        Hint("透けて", Categories.Obscene), Hint("胸ばっか", Categories.Obscene), Hint("胸ばかり", Categories.Obscene), Hint("激しかった", Categories.Obscene),
        E("わいせつ", Categories.Obscene), E("風俗店", Categories.Obscene), E("ストリップ", Categories.Obscene), E("アダルトショップ", Categories.Obscene),
        E("アダルトグッズ", Categories.Obscene), E("AV女優", Categories.Obscene), E("卑猥", Categories.Obscene), E("エロい", Categories.Obscene),
        Hint("グラビア", Categories.Obscene), Hint("セクシー", Categories.Obscene), Hint("露出多め", Categories.Obscene), Hint("露出度", Categories.Obscene),
        Hint("お尻", Categories.Obscene), Hint("胸元に注目", Categories.Obscene), Hint("谷間", Categories.Obscene), Hint("ミニスカート", Categories.Obscene),
        Hint("下着みたい", Categories.Obscene), Hint("下着姿", Categories.Obscene), Hint("水着のお姉さん", Categories.Obscene), Hint("水着姿", Categories.Obscene),
        Hint("色っぽい", Categories.Obscene), Hint("巨乳", Categories.Obscene), Hint("美脚", Categories.Obscene), Hint("生足", Categories.Obscene),
        Hint("太もも", Categories.Obscene), Hint("大人限定", Categories.Obscene), Hint("夜の楽しみ", Categories.Obscene), Hint("18禁", Categories.Obscene),
        Hint("成人指定", Categories.Obscene), Hint("たまりません", Categories.Obscene), Hint("エッチ", Categories.Obscene), Hint("ドン引き", Categories.Obscene),
        E("わいせつ画像", Categories.Obscene), E("エロ動画", Categories.Obscene), E("エロ画像", Categories.Obscene),
        E("アダルト動画", Categories.Obscene), E("おっぱい", Categories.Obscene), E("裸の写真", Categories.Obscene), E("下ネタ", Categories.Obscene),
        E("エッチな", Categories.Obscene),
        E("パンチラ", Categories.Obscene), E("ヌード写真", Categories.Obscene), ];
}
