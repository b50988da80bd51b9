using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// Problems that show only when two things meet in one sentence: a group of people and a stereotype or an
/// exclusion (discrimination), a person or business and a disparagement (defamation), an election or party and
/// advocacy (political neutrality), a rule and "it's fine to break it" (illegal). Every word of every rule is
/// found in one Aho–Corasick pass; sentences are then checked for a topic and a cue, and no excuse (a warning,
/// an apology). Most of these are reported as warnings: the combination is a strong hint, not proof.
/// </summary>
internal sealed class ContextRule : IRule
{
    private sealed record Rule(string Category, Confidence Confidence, string[] Topics, string[] Cues, string[] Excuses, string Why, bool WholePost = false);

    private enum Role : byte { Topic, Cue, Excuse }

    private static readonly string[] Groups =
    [
        "外国人", "外国籍", "外国の方", "外国出身", "日系", "在日", "ブラジル人", "中国人", "韓国人", "朝鮮人", "ベトナム人", "フィリピン人", "ネパール人",
        "インド人", "ペルー人", "アジア系", "黒人", "白人", "移民", "難民", "外国人観光客", "外国人住民",
        "高齢者", "高齢ドライバー", "お年寄り", "年寄り", "老人", "若い人", "若者", "最近の若", "女性", "女の人", "女子", "男性", "男の人",
        "障害のある", "障害者", "障がい", "障碍", "精神障害", "知的障害", "発達障害", "車いすの方", "車椅子の方",
        "生活保護", "シングルマザー", "ひとり親", "母子家庭", "父子家庭", "トランスジェンダー", "lgbt", "同性愛", "性的少数者",
        "部落", "同和", "アイヌ", "沖縄出身", "地方出身", "被災地出身", "外国ルーツ", "ハーフ", "ホームレス", "低所得",
        "あの国", "国籍", "同性カップル", "地区の出身", "あの地区", "の出身の人", "同性の", "車いすの人", "高齢の方", "障害のある方", "日本国籍", "日本人", "国民性", "外人",
        "同和地区", "出身の人", "健常者", "障害者用", "男性限定", "女性限定", "女性の皆さん", "中国の方", "韓国の方", "ベトナムの方",
        "ブラジルの方", "フィリピンの方", "外国人の方", "留学生",
    ];
    private static readonly string[] Stereotypes =
    [
        "マナーが悪い", "マナーの悪い", "治安が悪", "問題が多い", "ついていけない", "通じなくて", "勉強する気", "できない人が多い", "ができない",
        "危ない", "危険です", "怖い", "汚い", "うるさい", "迷惑", "犯罪が", "劣って", "向いていない", "難しい作業", "仕事ができない",
        "能力が低", "理解できない", "わからない人", "守らない", "だらしない", "感情的", "すぐ辞め", "やる気がない", "信用できない", "どうせ",
        "時間守らない", "国民性", "気持ち悪い", "普通じゃない", "教わることなんて", "まともに", "返納しろ", "聞かない", "後回し", "一番だわ",
        "ばっかで", "いまいち", "おかしい", "変な人", "かわいそう", "足を引っ張", "お荷物", "行き届いていない", "しつけが", "常識がない",
        "民度", "育ちが", "ろくな", "結婚させない", "結婚するな", "結婚はやめ", "付き合うな", "近づくな", "わかる気がして", "分かる気がして", "来ないでほしい", "無駄じゃない", "使わせればいい", "日本語できない", "気持ちはわかる",
        "困っています", "言葉が通じない", "しんどい", "ルーズ", "聞かない人が多い", "人が多いので",
    ];
    private static readonly string[] Exclusions =
    [
        "ご遠慮", "参加できません", "申し込めません", "申込みできません", "利用できません", "お断り", "別の日", "だけで行い", "だけで行います",
        "別の教室", "別室", "入れません", "入場できません", "お控えください", "対象外", "受け付けません", "認めません", "利用をご遠慮",
        "お控えいただく", "限らせていただきます", "に限ります", "に限定", "後回しにします", "断らせて", "限定とします", "ご参加いただけません",
        "参加いただけません", "お申込みいただけません", "ご利用いただけません", "来ないで",
    ];
    private static readonly string[] Targets =
    [
        "店主", "店長", "お店", "店の", "業者", "住民", "課長", "部長", "係長", "上司", "同僚", "さん", "議員", "連中", "奴", "やつ", "学生", "役員",
        "ご主人", "近所の", "カフェ", "ラーメン店", "食堂", "某", "町会", "老舗", "商店", "あの人", "職員", "先生", "利用者", "ドライバー", "クレーマー",
        "じいさん", "ばあさん", "おじさん", "おばさん", "新人", "担当者", "窓口の人", "隣の課", "うちの課", "市長", "区長", "町長", "知事", "議長",
        "店", "方々", "自治会", "株式会社", "有限会社", "屋", "院", "チーム", "少年団", "コーチ", "会長", "町内会", "係の", "接骨院", "医院", "クリニック", "食堂",
        "弁当屋", "居酒屋", "レストラン", "ホテル", "旅館", "事業者", "委託先", "工務店", "不動産", "反対派", "賛成派", "参加者",
    ];
    private static readonly string[] Disparagements =
    [
        "最悪", "まずくて", "まずい", "態度が悪", "使えない", "仕事できない", "仕事ができない", "非常識", "迷惑です", "呆れ", "あきれ", "的外れ",
        "困ったもの", "悪い奴", "諦めてください", "何もしていない", "衛生状態が", "行かない方がいい", "二度と行", "しつこくて", "しつこい",
        "うんざり", "最低", "ひどい", "頭にくる", "むかつく", "大嫌い", "早く異動", "辞めてほしい", "辞めればいい", "ばかり言う", "文句ばかり",
        "評判です", "だらしない", "いい加減", "役に立たない", "無責任", "ずるい", "嘘ばかり", "遅刻", "どうせ", "何も考えていない", "仕事をしない",
        "二度と買わない", "腹を壊し", "絶対古い", "雑で", "不満に思", "失格", "ヤブ", "クズ", "くず", "ぼったくり", "非協力的", "違反ばかり",
        "迷惑して", "困っています", "引っかき回", "怒鳴って", "横取り", "おすすめしません", "行かない方がいい", "絶対行かない", "最悪です",
        "手抜き", "ずさん", "いい加減な", "態度が大きい", "感じが悪い", "信用できない", "詐欺まがい", "悪質", "感情論ばかり", "聞くに堪え",
        "聞くに耐え", "話にならない",
        "困ります", "騒ぎ続け", "ああいう", "居眠り", "ろくに", "ひどかった", "おすすめできません", "スカスカ", "いい加減にして",
    ];
    private static readonly string[] Politics =
    [
        "選挙", "市長選", "市議選", "町長選", "町議選", "区長選", "区議選", "知事選", "衆院選", "参院選", "候補", "現職", "党", "与党", "野党",
        "政権", "議員", "市議", "町議", "区議", "憲法改正", "署名活動", "演説", "選挙事務所", "首相", "総理", "内閣", "市長", "区長", "町長", "村長",
        "知事", "市政", "区政", "町政", "国政", "政治家",
    ];
    // Unmistakable campaigning…
    private static readonly string[] StrongAdvocacy =
    [
        "入れよう", "入れましょう", "当選してほしい", "任せられない", "審判を下", "落選させ", "倒そう", "支持します", "賛成の方は", "反対の方は",
        "落とそう", "気が知れない", "張本人", "ダメにした",
        "反対しましょう", "賛成しましょう", "がおすすめ", "を選びましょう", "に入れる",
    ];
    // …and words that, next to an election or a politician, usually take a side.
    private static readonly string[] Advocacy =
    [
        "素晴らしい", "頑張ってほしい", "がんばってほしい", "おすすめ", "お勧め", "応援", "入れて", "よろしく", "投票をお願い", "切り捨て",
        "ご協力ください", "感動", "的外れ", "呆れ", "せいで", "実績は", "支持", "当選を", "期待しています", "がっかり", "許せ", "ひどい", "最悪",
        "無能", "選ぶのが", "一票を", "阻止", "ダメだ", "だめだ", "嘘つき", "信用できない", "何も考えていない", "応援に", "差し入れ",
        "一択", "入れない", "ぜひ", "手腕", "おかげ", "評価していただきたい", "継続のため", "答えになってない", "良い", "考えてて",
        "うんざり", "反対の立場", "示すべき", "居眠り", "ろくに勉強", "わかってない", "無駄遣い", "と称して",
        "分かっていない", "わかっていない", "分かってない", "言わざるを得", "論外", "間違っている",
    ];
    private static readonly string[] NeutralElection = ["選挙管理委員会", "投票所", "期日前投票", "投票日", "選挙公報", "投票率", "立候補予定者説明会", "開票"];
    private static readonly string[] RuleNouns =
    [
        "免許", "許可", "禁止", "赤信号", "信号", "定期券", "チケット", "転売", "申請", "収入", "駐車", "路上", "道路", "柵", "無断", "他人の",
        "家族の", "カード", "飲んだ", "飲酒", "お酒", "河川敷", "ドローン", "スキャン", "コピー", "著作", "粗大ごみ", "ごみを", "ゴミを", "雪を",
        "見回り", "取り締まり", "通行止め", "立入禁止", "たばこ", "喫煙", "未成年", "税金", "確定申告", "届出",
        "ごみ", "ゴミ", "燃やし", "歩道", "駐輪", "撤去", "車で", "運転", "タバコ", "高校生", "中学生", "映画", "アップロード", "違法", "家電",
        "リサイクル", "過料", "花火", "路上喫煙", "パトロール", "駐車", "万引き", "駄菓子", "海賊版", "漫画", "チャイルドシート", "川に",
        "雪捨て", "ビール", "検問", "駐車禁止", "20歳未満", "二十歳未満", "年齢確認", "お酒", "無許可",
    ];
    private static readonly string[] Condoning =
    [
        "ても大丈夫", "でも大丈夫", "てもok", "でもok", "なければok", "てもいいよ", "セーフ", "平気です", "誰にも分かりません", "誰にもわかりません",
        "誰にもばれ", "ばれません", "バレません", "取り締まりされません", "取り締まられません", "いりません", "要りません", "乗り越えて",
        "ごまかして", "ごまかせば", "使い回して", "使い回し", "アップすれば", "置いていけば", "出しちゃって", "進んでok", "進んでいい",
        "借りれば", "転売すれば", "ちゃいましょう", "なくても大丈夫", "しちゃえ", "しちゃおう", "みんなやってる", "見つからなければ",
        "して大丈夫", "なくても運転", "運転してok", "飲んでも", "黙っていれば",
        "しまえば", "ければ問題ありません", "ければ大丈夫", "ことはほとんどありません", "ても平気", "でも平気", "タダで見られる", "狙えば",
        "払ったことない", "置いてきた", "誰かが片付ける", "紛れ込ませ", "一つの手です", "ご安心ください", "楽しんでok", "買ってやった",
        "くらいなら", "余裕で", "無料で見", "見逃して", "停めて大丈夫", "ても問題ありません", "でも問題ありません", "なしで", "大目に見て",
        "遠慮なくどうぞ", "タダだよ", "タダで", "みんなそうしてる", "誰でもやる", "平気平気", "帰っちゃお", "検問もない", "購入ok", "確認はしません",
        "取り締まられません", "気にせずどうぞ", "ばれないし", "バレないし", "しなくていい", "誰にも言われません", "ちゃって大丈夫", "お互い様",
    ];
    private static readonly string[] Warnings =
    [
        "犯罪", "禁止されて", "禁止です", "違反です", "違法です", "やめ", "しないで", "しないよう", "ないでください", "できません", "なりません",
        "罰", "処罰", "通報", "厳禁", "絶対に", "いけません", "許されません", "防止", "ご注意", "注意して", "だまされ", "騙され", "お控え",
    ];
    private static readonly string[] Apologies = ["ご迷惑", "迷惑をおかけ", "申し訳", "お詫び", "ご不便"];

    private static readonly Rule[] Rules =
    [
        new(Categories.Discrimination, Confidence.Strong, Groups, Stereotypes, ["ないよう", "偏見", "差別をなくす", "差別のない", "誤解", "ではありません", "と思われがち", "支援", "サポート", "相談"],
            "特定の属性の人をひとまとめにして否定的に述べています"),
        new(Categories.Discrimination, Confidence.Weak, Groups, Exclusions, ["歓迎", "優先", "配慮", "安全のため", "医師", "介助", "未就学"],
            "特定の属性を理由に参加や利用を断っているように読めます", WholePost: true),
        new(Categories.Discrimination, Confidence.Strong, ["家柄", "本籍", "身元", "出身地"], ["確認させて", "を確認", "調査", "お尋ね", "伺います", "記入"], ["不要", "しません", "行いません", "禁止"],
            "出身地や家柄などの身元調査は、差別につながります"),
        new(Categories.Defamation, Confidence.Weak, Targets, Disparagements, [.. Apologies, "ご注意ください", "にご注意", "に注意", "クーリング・オフ", "消費生活センター"],
            "特定の人や店・団体を悪く言っているように読めます", WholePost: true),
        // A post about an election often names the candidate in one sentence and asks for support in the next.
        new(Categories.PoliticalNeutrality, Confidence.Strong, Politics, StrongAdvocacy, NeutralElection,
            "選挙・政党・政治家について支持や批判をしています", WholePost: true),
        new(Categories.PoliticalNeutrality, Confidence.Weak, Politics, Advocacy, NeutralElection,
            "選挙・政党・政治家について支持や批判をしているように読めます", WholePost: true),
        new(Categories.Illegal, Confidence.Weak, RuleNouns, Condoning, Warnings,
            "決まりを破ってもよいと勧めているように読めます", WholePost: true),
        // 「女性でも迷わず」: a group named as if less able. Often meant kindly, hence a warning.
        new(Categories.Discrimination, Confidence.Weak, ["女性でも", "女の人でも", "お年寄りでも", "高齢者でも", "外国人でも", "障害者でも"],
            ["迷わず", "簡単に", "わかる", "分かる", "できる"], ["誰でも", "どなたでも"], "特定の属性の人を能力が低いものとして扱っているように読めます"),
    ];

    private static readonly AhoCorasick<(int Rule, Role Role)> Automaton = Build();

    private static AhoCorasick<(int, Role)> Build()
    {
        var entries = new List<(string, (int, Role))>();
        for (var r = 0; r < Rules.Length; r++)
        {
            foreach (var w in Rules[r].Topics) entries.Add((NormalizedText.Create(w).Lexical, (r, Role.Topic)));
            foreach (var w in Rules[r].Cues) entries.Add((NormalizedText.Create(w).Lexical, (r, Role.Cue)));
            foreach (var w in Rules[r].Excuses) entries.Add((NormalizedText.Create(w).Lexical, (r, Role.Excuse)));
        }
        return new AhoCorasick<(int, Role)>(entries);
    }

    // Reused per thread: the matches never leave Apply.
    [ThreadStatic] private static List<AhoCorasick<(int Rule, Role Role)>.Match>? _matches;

    public void Apply(CheckContext context)
    {
        var text = context.Text;
        var matches = _matches ??= [];
        matches.Clear();
        Automaton.FindAll(text.Lexical, matches);
        // Topics are common words (店, ごみ, 選挙); without a cue there is nothing to report.
        var anyCue = false;
        foreach (var m in matches) if (Automaton.Value(m.Pattern).Role == Role.Cue) { anyCue = true; break; }
        if (!anyCue) return;

        // Per sentence and rule: the first cue and whether an excuse stands beside it; topics per sentence or post.
        var state = new Dictionary<(int Sentence, int Rule), (bool Topic, int CueStart, int CueLength, bool Excuse)>();
        var sentenceTopics = new HashSet<(int, int)>();
        var postTopics = new HashSet<int>();
        foreach (var m in matches)
        {
            var (rule, role) = Automaton.Value(m.Pattern);
            var sentence = text.LexicalSentence(m.Start).Start;
            if (role == Role.Topic)
            {
                if (Rules[rule].WholePost) postTopics.Add(rule);
                else sentenceTopics.Add((sentence, rule));
                continue;
            }
            // Cues and their excuses always count within one sentence.
            var s = state.TryGetValue((sentence, rule), out var found) ? found : (Topic: false, CueStart: -1, CueLength: 0, Excuse: false);
            if (role == Role.Cue && s.CueStart < 0) { s.CueStart = m.Start; s.CueLength = m.Length; }
            if (role == Role.Excuse) s.Excuse = true;
            state[(sentence, rule)] = s;
        }
        foreach (var ((sentence, r), s) in state)
        {
            var topic = Rules[r].WholePost ? postTopics.Contains(r) : sentenceTopics.Contains((sentence, r));
            if (!topic || s.CueStart < 0 || s.Excuse) continue;
            var rule = Rules[r];
            var (start, length) = text.LexicalToOriginal(s.CueStart, s.CueLength);
            context.Report(rule.Category, "context", start, length,
                $"{rule.Why}（「{context.Draft.Text.Substring(start, length)}」）。{RuleSet.Advice(rule.Category)}", null, rule.Confidence);
        }
    }
}
