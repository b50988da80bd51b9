using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// Expressions whose meaning depends on their surroundings: undecided policy (検討中です — but not ご検討中の方),
/// rumours (噂によると, 〜らしい — but not 素晴らしい or 噂の新メニュー), political campaigning, encouragement of
/// illegal acts (but not warnings against them), discriminatory generalisations and insults. Trigger phrases
/// are found together in one Aho–Corasick pass over the lexical view; each then checks its context.
/// </summary>
internal sealed class PhraseRule : IRule
{
    private sealed record Phrase(string Category, Confidence Confidence, Func<Site, bool>? Accept = null, string? Suggestion = null);

    /// <summary>The surroundings of one trigger occurrence, in the lexical view (kana-folded, no punctuation).</summary>
    private readonly struct Site(NormalizedText text, int start, int length)
    {
        private readonly (int Start, int End) _sentence = text.LexicalSentence(start);

        public string Before(int n) => text.Lexical[Math.Max(_sentence.Start, start - n)..start];
        public string After(int n) => text.Lexical[(start + length)..Math.Min(_sentence.End, start + length + n)];
        public string SentenceBefore => text.Lexical[_sentence.Start..start];
        public string Sentence => text.Lexical[_sentence.Start.._sentence.End];
        public bool PrecededBy(string[] words) { var b = Before(12); foreach (var w in words) if (b.EndsWith(w, StringComparison.Ordinal)) return true; return false; }
        public bool FollowedBy(string[] words) { var a = After(12); foreach (var w in words) if (a.StartsWith(w, StringComparison.Ordinal)) return true; return false; }
        public bool SentenceHas(string[] words) { var s = Sentence; foreach (var w in words) if (s.Contains(w, StringComparison.Ordinal)) return true; return false; }
        public bool SentenceBeforeHas(string[] words) { var s = SentenceBefore; foreach (var w in words) if (s.Contains(w, StringComparison.Ordinal)) return true; return false; }
        /// <summary>Within the next <paramref name="n"/> characters, across sentence ends (a quoted question ends with ？).</summary>
        public bool FollowedWithin(int n, string[] words) { var a = text.Lexical[(start + length)..Math.Min(text.Lexical.Length, start + length + n)]; foreach (var w in words) if (a.Contains(w, StringComparison.Ordinal)) return true; return false; }
    }

    /// <summary>Words in the lexical view's form (normalised, katakana folded to hiragana, no punctuation).</summary>
    private static string[] W(params string[] words) => words.Select(w => NormalizedText.Create(w).Lexical).ToArray();

    // Honorific or reader-addressed uses: ご検討ください, ご検討中の方, 購入を検討中の皆さま.
    private static readonly string[] Honorific = W("ご", "御");
    // 開設を検討している団体向けに…: the readers are the ones considering, not the municipality.
    private static readonly string[] ReaderNouns = W("方", "かた", "皆", "団体", "事業者", "企業", "者", "人", "個人", "法人", "店", "世帯", "家庭", "学校", "自治会");
    private static readonly string[] ReaderFollows = W("の方", "のかた", "の皆", "のみなさ", "のお客", "の事業者", "の方々", "されている方", "している方", "の人", "ください");
    // A sentence that warns against something rather than encouraging it.
    private static readonly string[] Warning = W("犯罪", "禁止", "違法です", "違反です", "注意", "やめ", "しないで", "しないよう", "できません", "なりません", "罰", "処罰", "通報", "取り締ま", "厳禁", "絶対に", "いけません", "許されません", "防止", "撲滅", "根絶", "ゼロ", "啓発", "だまされ", "騙され", "ご相談");
    // A quoted question or voice that the post then answers: 「…と聞いたけど本当？」というご質問.
    private static readonly string[] Quoted = W("というご質問", "という質問", "とのご質問", "という問い合わせ", "というお問い合わせ", "とのお問い合わせ", "というご相談", "という声をいただ");
    private static readonly string[] RumorWarning = W("に注意", "にご注意", "に惑わ", "を拡散しない", "に気をつけ", "に気を付け", "を信じない", "に振り回", "に流されない", "にご留意");
    private static readonly string[] NotHearsayBeforeRashii = W("あたら", "新", "かわい", "可愛", "めず", "すば", "素晴", "いや", "わざと", "きたな", "汚", "にく", "憎", "ほこ", "誇", "あい", "愛", "ばか", "馬鹿", "ほこり", "もっとも", "尤も");
    private static readonly string[] GroupNouns = W("高齢者", "老人", "お年寄り", "年寄り", "外国人", "女性", "女は", "男性", "障害者", "障がい者", "障碍者", "若者", "生活保護", "同性愛", "ひとり親", "シングルマザー", "母子家庭", "出身者", "在日", "ハーフ", "移民", "難民", "ホームレス", "精神障害", "認知症の人", "LGBT");
    private static readonly string[] TopicMarkers = W("は", "って", "なんて", "には", "じゃ", "では");
    private static readonly string[] NegativeGeneralisationExceptions = W("ことがあれば", "ことがある", "場合は", "方は", "ときは", "時は", "方への", "方に", "方でも", "ないよう", "ないように");
    private static readonly string[] PoliticalNouns = W("党", "議員", "候補", "市長", "町長", "区長", "村長", "知事", "首相", "総理", "大臣", "政権", "与党", "野党", "政治家", "議長", "会派");
    private static readonly string[] PersonTargets = W("長", "さん", "氏", "様", "議員", "職員", "住民", "市民", "町民", "区民", "業者", "店主", "店長", "先生", "家族", "隣人", "近所", "あの人", "あいつ", "やつ", "奴", "連中", "会長", "委員", "担当者", "利用者", "クレーマー", "役所");

    private static readonly (string Trigger, Phrase Phrase)[] Table =
    [
        // 意思形成過程: not yet decided or announced.
        ("検討中", new(Categories.UndecidedPolicy, Confidence.Strong, s => !s.PrecededBy(Honorific) && !s.FollowedBy(ReaderFollows) && !s.FollowedBy(W("の団体", "の事業者", "の企業", "の世帯", "の家庭")))),
        ("検討している", new(Categories.UndecidedPolicy, Confidence.Strong, s => !s.PrecededBy(Honorific) && !s.FollowedBy(ReaderFollows) && !s.FollowedBy(ReaderNouns))),
        ("案が出ています", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("案が出ている", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ決定ではありません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("決定ではありません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("内部協議", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("庁内で協議", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で協議", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で、現在", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("廃止する方向", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("統合する方向", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("値上げする方向", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("議会提出前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("議会に諮る前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("内々に決ま", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ内緒", new(Categories.UndecidedPolicy, Confidence.Strong)),
        // Teasers of what is not yet announced: 「まだ言えないけど」「正式な発表までお待ちください」「どの課がなくなるかはお楽しみ」.
        ("まだ言えない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ言えません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ詳しくは言えない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("正式な発表まで", new(Categories.UndecidedPolicy, Confidence.Weak, s => !s.SentenceHas(W("日時", "開催日", "当選", "結果発表", "抽選")))),
        ("正式発表まで", new(Categories.UndecidedPolicy, Confidence.Weak, s => !s.SentenceHas(W("日時", "開催日", "当選", "結果発表", "抽選")))),
        ("見てのお楽しみ", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.SentenceHas(W("組織", "改編", "なくなる", "廃止", "統合", "異動", "人事", "移転", "値上げ")))),
        ("組織改編の", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.SentenceHas(W("来年", "来年度", "再来年", "次の", "今度の", "案", "図")) && !s.SentenceHas(W("お知らせ", "実施しました", "決定しました", "行いました")))),
        ("案を作って", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.FollowedWithin(16, W("協議", "調整", "検討", "話し合", "進めて", "詰めて")))),
        ("有力なのは", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("最終判断は", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.FollowedWithin(16, W("予定", "まだ", "今後", "年明け", "来年", "未定")))),
        ("絞り込んで", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.SentenceHas(W("候補", "案")))),
        ("案を練って", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("って案", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("見直す案", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("廃止案", new(Categories.UndecidedPolicy, Confidence.Weak, s => !s.SentenceHas(W("議会に提出", "可決", "パブリックコメント", "意見募集", "公表")))),
        ("中身を詰めて", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("決まってないけど", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("何も決まってない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("決まったわけじゃない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("決まったわけではありません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("線で資料を作", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("議会に出すのはまだ", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("上に上げる前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("課内で練って", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("課内で検討", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("内部で検討", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("庁内で検討", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("水面下で", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("ほぼ決まり", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("たぶん再来年", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("内示前", new(Categories.Confidential, Confidence.Strong)),
        ("部内限り", new(Categories.Confidential, Confidence.Strong)),
        ("課内限り", new(Categories.Confidential, Confidence.Strong)),
        ("まだ公になってない", new(Categories.Confidential, Confidence.Strong)),
        ("誰にも言わないで", new(Categories.Confidential, Confidence.Strong)),
        ("外には出さないで", new(Categories.Confidential, Confidence.Strong)),
        ("外に出さないで", new(Categories.Confidential, Confidence.Strong)),
        ("口外しないで", new(Categories.Confidential, Confidence.Strong)),
        ("次の選挙では", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceHas(W("入れ", "ぜひ", "一択", "絶対", "落と", "勝たせ")))),
        ("次の選挙でも", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceHas(W("ぜひ", "よろしく", "応援", "入れ")))),
        ("裸", new(Categories.Obscene, Confidence.Weak, s => !s.FollowedBy(W("足", "眼", "一貫", "電球", "の王様")) && !s.SentenceHas(W("裸足", "裸眼")))),
        ("やりまくって", new(Categories.Obscene, Confidence.Strong)),
        ("茂みで", new(Categories.Obscene, Confidence.Weak, s => s.SentenceHas(W("カップル", "やって", "いちゃ")))),
        ("初期設定", new(Categories.Security, Confidence.Weak, s => s.SentenceHas(W("パスワード", "id", "admin", "ログイン")))),
        ("未修正", new(Categories.Security, Confidence.Strong, s => s.SentenceHas(W("脆弱性", "セキュリティ", "不具合")))),
        ("検討しています", new(Categories.UndecidedPolicy, Confidence.Strong, s => !s.PrecededBy(Honorific))),
        ("検討しております", new(Categories.UndecidedPolicy, Confidence.Strong, s => !s.PrecededBy(Honorific))),
        ("検討を進めて", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("検討段階", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で調整", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で検討", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("方向で進めて", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("正式決定ではありません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("正式決定ではない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("正式決定前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("正式発表前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("正式には決まって", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ決まっていません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("まだ決まっていない", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("未決定", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("決定前", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("公表前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("発表前", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("未発表", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("内定し", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("調整中です", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("案の段階", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("非公式ですが", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("ここだけですが", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("予定ですがまだ", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("見込みですがまだ", new(Categories.UndecidedPolicy, Confidence.Strong)),

        // Rumours and hearsay.
        ("噂によると", new(Categories.Rumor, Confidence.Strong)),
        ("噂によれば", new(Categories.Rumor, Confidence.Strong)),
        ("噂では", new(Categories.Rumor, Confidence.Strong)),
        ("噂を聞", new(Categories.Rumor, Confidence.Strong)),
        ("噂があ", new(Categories.Rumor, Confidence.Strong)),
        ("噂が広", new(Categories.Rumor, Confidence.Strong)),
        ("噂が出", new(Categories.Rumor, Confidence.Strong)),
        ("という噂", new(Categories.Rumor, Confidence.Strong, s => !s.SentenceHas(RumorWarning) && !s.SentenceHas(W("事実ではありません", "誤りです", "デマです", "根拠はありません", "根拠のない")))),
        ("らしいです", new(Categories.Rumor, Confidence.Strong, s => !s.PrecededBy(NotHearsayBeforeRashii) && HearsayBefore(s))),
        ("らしいよ", new(Categories.Rumor, Confidence.Strong, s => !s.PrecededBy(NotHearsayBeforeRashii) && HearsayBefore(s))),
        // After a noun, a sentence-final らしいですよ/らしいね is hearsay too (家族旅行らしいですよ), unlike 武蔵野らしい風景.
        ("らしいですよ", new(Categories.Rumor, Confidence.Weak, s => !s.PrecededBy(NotHearsayBeforeRashii))),
        ("らしいですね", new(Categories.Rumor, Confidence.Weak, s => !s.PrecededBy(NotHearsayBeforeRashii) && !s.PrecededBy(W("春", "夏", "秋", "冬")))),
        ("らしい", new(Categories.Rumor, Confidence.Weak, s => !s.PrecededBy(NotHearsayBeforeRashii) && HearsayBefore(s) && !s.FollowedBy(W("さ", "く", "です", "よ")))),
        ("と聞いた", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedWithin(30, Quoted))),
        ("と聞きました", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedWithin(30, Quoted))),
        ("が言ってた", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedWithin(30, Quoted))),
        ("が言っていた", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedWithin(30, Quoted))),
        ("って言ってた", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedWithin(30, Quoted))),
        ("と評判です", new(Categories.Rumor, Confidence.Weak)),
        ("噂になって", new(Categories.Rumor, Confidence.Strong)),
        ("噂レベル", new(Categories.Rumor, Confidence.Strong)),
        ("噂だけど", new(Categories.Rumor, Confidence.Strong)),
        ("噂ですが", new(Categories.Rumor, Confidence.Strong)),
        ("噂", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedBy(W("の")) && !s.SentenceHas(RumorWarning) && !s.FollowedWithin(30, Quoted))),
        ("うわさ", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedBy(W("の")) && !s.SentenceHas(RumorWarning) && !s.FollowedWithin(30, Quoted))),
        ("出回っています", new(Categories.Rumor, Confidence.Weak, s => !s.SentenceHas(RumorWarning) && !s.SentenceHas(W("偽", "詐欺", "にせ", "デマ", "誤った", "事実ではありません", "事実ではない", "誤りです", "根拠のない")))),
        ("という声があるよう", new(Categories.Rumor, Confidence.Strong)),
        ("という声もあるよう", new(Categories.Rumor, Confidence.Strong)),
        ("という話がネット", new(Categories.Rumor, Confidence.Strong)),
        ("本当なんでしょうか", new(Categories.Rumor, Confidence.Weak)),
        ("本当かな", new(Categories.Rumor, Confidence.Weak)),
        ("って話", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedWithin(30, Quoted))),
        ("とも言われて", new(Categories.Rumor, Confidence.Strong, s => !s.SentenceHas(RumorWarning))),
        ("と言われています", new(Categories.Rumor, Confidence.Weak, s => !s.SentenceHas(RumorWarning))),
        ("話が広まって", new(Categories.Rumor, Confidence.Strong, s => !s.SentenceHas(RumorWarning))),
        ("広まっているよう", new(Categories.Rumor, Confidence.Strong, s => !s.SentenceHas(RumorWarning))),
        ("そう言ってた", new(Categories.Rumor, Confidence.Strong)),
        ("から聞いた", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedWithin(30, Quoted))),
        ("っぽい", new(Categories.Rumor, Confidence.Weak, s => s.Before(1) is "た" or "る" or "い")),
        ("守秘義務", new(Categories.Confidential, Confidence.Weak, s => s.SentenceHas(W("けど", "言っちゃ", "ですが", "だけど")))),
        ("非公開", new(Categories.Confidential, Confidence.Weak, s => s.SentenceHas(W("共有", "載せ", "公開します", "お見せ", "ご参考")))),
        ("公表前だけど", new(Categories.Confidential, Confidence.Strong)),
        ("職員限り", new(Categories.Confidential, Confidence.Strong)),
        ("職員間の共有", new(Categories.Confidential, Confidence.Strong)),
        ("外部には出さないで", new(Categories.Confidential, Confidence.Strong)),
        ("外部に出さないで", new(Categories.Confidential, Confidence.Strong)),
        ("内メモ", new(Categories.Confidential, Confidence.Strong)),
        ("内部メモ", new(Categories.Confidential, Confidence.Strong)),
        ("お見せしちゃ", new(Categories.Confidential, Confidence.Strong)),
        ("内示", new(Categories.Confidential, Confidence.Weak, s => s.SentenceHas(W("出た", "正式発表", "まだ", "前", "だけど")))),
        ("速報値ですが", new(Categories.Confidential, Confidence.Weak)),
        ("何も決まっていません", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("意見が分かれて", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.SentenceHas(W("部内", "課内", "庁内", "まだ", "決まり次第")))),
        ("詰めている", new(Categories.UndecidedPolicy, Confidence.Strong)),
        ("という空気", new(Categories.UndecidedPolicy, Confidence.Weak)),
        ("うまくいけば", new(Categories.UndecidedPolicy, Confidence.Weak, s => s.SentenceHas(W("来年", "から", "スタート", "開始", "かも")))),
        ("耳にしました", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedWithin(30, Quoted))),
        ("たみたいです", new(Categories.Rumor, Confidence.Weak)),
        ("たそうです", new(Categories.Rumor, Confidence.Weak, s => !s.SentenceHas(W("によると", "によれば", "発表", "気象庁", "警察")))),
        ("落ちてほしい", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceHas(W("選挙")) || s.SentenceBeforeHas(PoliticalNouns))),
        ("答えは明らか", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceHas(W("選", "現職", "候補", "実績")))),
        ("税金の無駄遣い", new(Categories.Defamation, Confidence.Weak)),
        ("こっそり写真", new(Categories.Confidential, Confidence.Weak)),
        ("んだって", new(Categories.Rumor, Confidence.Weak)),
        ("聞いたけど", new(Categories.Rumor, Confidence.Weak, s => !s.FollowedWithin(30, Quoted))),
        ("ほんとかは知らん", new(Categories.Rumor, Confidence.Strong)),
        ("ほんとかな", new(Categories.Rumor, Confidence.Weak)),
        ("本当かどうかは", new(Categories.Rumor, Confidence.Weak)),
        ("と言われているよう", new(Categories.Rumor, Confidence.Strong)),
        ("一部で言われ", new(Categories.Rumor, Confidence.Strong)),
        ("ネットで見かけた", new(Categories.Rumor, Confidence.Strong)),
        ("話を耳に", new(Categories.Rumor, Confidence.Strong)),
        ("snsによると", new(Categories.Rumor, Confidence.Strong)),
        ("ネットによると", new(Categories.Rumor, Confidence.Strong)),
        ("真偽は分かりません", new(Categories.Rumor, Confidence.Strong)),
        ("真偽はわかりません", new(Categories.Rumor, Confidence.Strong)),
        ("どうやら", new(Categories.Rumor, Confidence.Weak, s => s.SentenceHas(W("って", "らしい", "そう", "話")))),
        ("らしいけど", new(Categories.Rumor, Confidence.Strong, s => !s.PrecededBy(NotHearsayBeforeRashii))),
        ("みたいです", new(Categories.Rumor, Confidence.Weak, s => s.SentenceHas(W("聞いた", "らしい", "噂", "ネット", "誰か")))),
        ("と聞いています", new(Categories.Rumor, Confidence.Weak)),
        ("と聞いており", new(Categories.Rumor, Confidence.Weak)),
        ("って聞いた", new(Categories.Rumor, Confidence.Strong)),
        ("未確認", new(Categories.Rumor, Confidence.Strong, s => !s.FollowedBy(RumorWarning) && !s.SentenceHas(RumorWarning) && !s.FollowedBy(W("の電話", "の不審", "の場合", "飛行")))),
        ("真偽不明", new(Categories.Rumor, Confidence.Strong, s => !s.SentenceHas(RumorWarning))),
        ("真偽は不明", new(Categories.Rumor, Confidence.Strong)),
        ("真偽のほど", new(Categories.Rumor, Confidence.Strong)),
        ("デマかもしれ", new(Categories.Rumor, Confidence.Strong)),
        ("本当かどうか分かりません", new(Categories.Rumor, Confidence.Strong)),
        ("本当かどうかわかりません", new(Categories.Rumor, Confidence.Strong)),
        ("裏は取れて", new(Categories.Rumor, Confidence.Strong)),
        ("確認できていませんが", new(Categories.Rumor, Confidence.Strong)),
        ("確認中ですが", new(Categories.Rumor, Confidence.Weak)),
        ("拡散希望", new(Categories.Rumor, Confidence.Weak)),
        ("ネットで見た", new(Categories.Rumor, Confidence.Weak)),
        ("という話です", new(Categories.Rumor, Confidence.Weak)),
        ("という話を聞", new(Categories.Rumor, Confidence.Strong)),
        ("との情報が寄せられていますが", new(Categories.Rumor, Confidence.Weak)),

        // Political neutrality: campaigning for or against, judging politicians.
        ("当選してほしい", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("当選させてください", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("落選してほしい", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("をよろしくお願いします", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.Before(12).Contains("候補") || s.SentenceBeforeHas(W("選挙では", "選挙で", "投票は")))),
        ("に一票", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("へ一票", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("清き一票", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("に投票しましょう", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("に投票してください", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("に投票して", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("に入れましょう", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("に入れてください", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("当選させ", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("落選させ", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("を落とし", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceBeforeHas(PoliticalNouns) && s.SentenceHas(W("選挙")))),
        ("を支持します", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("を支持しましょう", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("を応援しています", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("を応援しましょう", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("を応援します", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("支持をお願い", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("ご支援をお願い", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceHas(W("選挙", "候補")))),
        ("無能", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("最低", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns) && !s.FollowedBy(W("限", "賃金", "気温", "価格", "料金", "でも", "１", "1", "2", "3")))),
        ("最悪", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns) && !s.FollowedBy(W("の場合", "の事態", "のケース")))),
        ("嘘つき", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("辞めるべき", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("辞任すべき", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("辞職すべき", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("失格", new(Categories.PoliticalNeutrality, Confidence.Strong, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("許せない", new(Categories.PoliticalNeutrality, Confidence.Weak, s => s.SentenceBeforeHas(PoliticalNouns))),
        ("政策はでたらめ", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("ひどい政治", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("政権を倒", new(Categories.PoliticalNeutrality, Confidence.Strong)),
        ("政権交代を", new(Categories.PoliticalNeutrality, Confidence.Strong)),

        // Encouraging illegal acts (a sentence that warns against them is fine).
        ("見逃してくれ", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("ばれなければ", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("ばれないように", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("ばれないから", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("ばれません", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("捕まらない", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("くらいなら大丈夫", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning))),
        ("くらいなら問題", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning))),
        ("違法だけど", new(Categories.Illegal, Confidence.Strong)),
        ("違法ですが", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(W("絶対", "やめ", "しないで")))),
        ("こっそり捨て", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        // 盗撮 (voyeur photography) boasted of, not warned against.
        ("盗撮", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning) && !s.SentenceHas(W("被害", "防止", "相談", "逮捕")))),
        ("隠し撮り", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning) && !s.SentenceHas(W("被害", "防止", "相談", "逮捕")))),
        ("こっそり撮", new(Categories.Illegal, Confidence.Strong, s => s.SentenceHas(W("水着", "お尻", "おしり", "スカート", "下着", "胸", "着替え", "女の子", "女子", "お姉さん", "女性")) && !s.SentenceHas(Warning))),
        ("捨てても大丈夫", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("捨てちゃえ", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("二人乗りくらい", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("飲酒運転くらい", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("信号無視くらい", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("スピード違反くらい", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("少しくらい飲んでも", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("飲んでも運転", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("無免許でも", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("無断で使っても", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("コピーして配って", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning))),
        ("転売して儲け", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("申告しなくても", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("脱税", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning))),
        ("路上駐車しても", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("停めても大丈夫", new(Categories.Illegal, Confidence.Weak, s => !s.SentenceHas(Warning) && s.SentenceHas(W("路上", "歩道", "禁止区域", "消火栓", "駐車禁止")))),
        ("してもばれ", new(Categories.Illegal, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("やっちゃえ", new(Categories.Illegal, Confidence.Weak, s => s.SentenceHas(W("違法", "無断", "禁止")) && !s.SentenceHas(Warning))),

        // Discriminatory generalisations: 〔group〕は … できない.
        ("使えない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("できない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("わからない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("分からない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("理解できない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("向いていない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("劣って", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("迷惑", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("危険", new(Categories.Discrimination, Confidence.Weak, Generalisation)),
        ("怖い", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("信用できない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("働かない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("うるさい", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("汚い", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("だめ", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("役に立たない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("足手まとい", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("感情的", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("ルールを守らない", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("マナーが悪い", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("犯罪が多い", new(Categories.Discrimination, Confidence.Strong, Generalisation)),
        ("のくせに", new(Categories.Discrimination, Confidence.Strong)),
        ("なんだから", new(Categories.Discrimination, Confidence.Weak, s => s.SentenceBeforeHas(W("女", "男", "外国人", "高齢", "障害", "障がい")))),
        ("らしくしなさい", new(Categories.Discrimination, Confidence.Strong)),

        // Insults aimed at people (defamation).
        ("うんざり", new(Categories.Defamation, Confidence.Strong, s => s.SentenceBeforeHas(PersonTargets))),
        ("文句ばかり", new(Categories.Defamation, Confidence.Strong, s => s.SentenceHas(PersonTargets))),
        ("頭が悪い", new(Categories.Defamation, Confidence.Strong)),
        ("頭がおかしい", new(Categories.Defamation, Confidence.Strong)),
        ("役立たず", new(Categories.Defamation, Confidence.Strong)),
        ("能なし", new(Categories.Defamation, Confidence.Strong)),
        ("無能", new(Categories.Defamation, Confidence.Strong, s => !s.SentenceBeforeHas(PoliticalNouns))),
        ("税金泥棒", new(Categories.Defamation, Confidence.Strong)),
        ("恥知らず", new(Categories.Defamation, Confidence.Strong)),
        ("死ね", new(Categories.Defamation, Confidence.Strong)),
        ("消えろ", new(Categories.Defamation, Confidence.Strong)),
        ("人間のくず", new(Categories.Defamation, Confidence.Strong)),
        ("ばかな", new(Categories.Defamation, Confidence.Weak, s => s.SentenceHas(PersonTargets))),
        ("ばかじゃ", new(Categories.Defamation, Confidence.Strong)),
        ("あほ", new(Categories.Defamation, Confidence.Weak, s => s.FollowedBy(W("な", "だ", "です", "じゃ", "すぎ")) && s.SentenceHas(PersonTargets))),
        ("最低な人", new(Categories.Defamation, Confidence.Strong)),
        ("最低の人", new(Categories.Defamation, Confidence.Strong)),
        ("ろくでもない", new(Categories.Defamation, Confidence.Strong)),
        ("いい加減な人", new(Categories.Defamation, Confidence.Strong)),
        ("嘘つき", new(Categories.Defamation, Confidence.Strong, s => !s.SentenceBeforeHas(PoliticalNouns))),
        ("詐欺師", new(Categories.Defamation, Confidence.Strong, s => !s.SentenceHas(Warning))),
        ("迷惑な人", new(Categories.Defamation, Confidence.Strong)),
        ("迷惑な住民", new(Categories.Defamation, Confidence.Strong)),
        ("クレーマー", new(Categories.Defamation, Confidence.Strong)),
        ("きもい", new(Categories.Defamation, Confidence.Strong)),
        ("気持ち悪い人", new(Categories.Defamation, Confidence.Strong)),
        ("ひどい人", new(Categories.Defamation, Confidence.Strong)),
        ("非常識な", new(Categories.Defamation, Confidence.Weak, s => s.SentenceHas(PersonTargets))),
        ("いい迷惑", new(Categories.Defamation, Confidence.Weak, s => s.SentenceHas(PersonTargets))),
    ];

    /// <summary>A group named as the topic earlier in the sentence (高齢者は …), not a helpful conditional.</summary>
    private static bool Generalisation(Site s)
    {
        var before = s.SentenceBefore;
        var found = false;
        foreach (var g in GroupNouns)
        {
            var i = before.IndexOf(g, StringComparison.Ordinal);
            if (i < 0) continue;
            var after = before[(i + g.Length)..];
            foreach (var t in TopicMarkers)
            {
                if (after.StartsWith(t, StringComparison.Ordinal) || after.Contains("の人" + t, StringComparison.Ordinal) || after.StartsWith("の方" + t, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }
            if (found) break;
        }
        return found && !s.FollowedBy(NegativeGeneralisationExceptions) && !s.SentenceHas(W("ないよう", "配慮", "支援", "サポート", "お手伝い", "手伝い", "ご相談", "相談窓口", "対象", "かもしれません"));
    }

    /// <summary>〜らしい is hearsay after a verb or adjective (中止になるらしい), not after a noun (武蔵野らしい).</summary>
    private static bool HearsayBefore(Site s)
    {
        var b = s.Before(1);
        return b is "る" or "た" or "い" or "だ" or "う" or "く" or "す" or "ぬ" or "ん";
    }

    private static readonly AhoCorasick<Phrase> Automaton =
        new(Table.Select(t => (NormalizedText.Create(t.Trigger).Lexical, t.Phrase)));

    [ThreadStatic] private static List<AhoCorasick<Phrase>.Match>? _matches;

    public void Apply(CheckContext context)
    {
        var text = context.Text;
        // A list per thread, reused: most checks find nothing here and should allocate nothing.
        var matches = _matches ??= [];
        matches.Clear();
        Automaton.FindAll(text.Lexical, matches);
        foreach (var m in matches)
        {
            var phrase = Automaton.Value(m.Pattern);
            if (phrase.Accept is { } accept && !accept(new Site(text, m.Start, m.Length))) continue;
            var (s, l) = text.LexicalToOriginal(m.Start, m.Length);
            context.Report(phrase.Category, "phrase", s, l, $"「{context.Draft.Text.Substring(s, l)}」: {RuleSet.Advice(phrase.Category)}",
                phrase.Suggestion, phrase.Confidence);
        }
    }
}
