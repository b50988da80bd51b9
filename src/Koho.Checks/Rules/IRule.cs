namespace Koho.Checks.Rules;

/// <summary>One detector. Rules read the draft and its normalised views and report findings; they keep no state.</summary>
internal interface IRule
{
    void Apply(CheckContext context);
}

internal static class RuleSet
{
    public static readonly IReadOnlyList<IRule> All =
    [
        new LexiconRule(),
        new PhraseRule(),
        new ContextRule(),
        new PersonalInfoRule(),
        new SecurityRule(),
        new LinkRule(),
        new MaskedTextRule(),
        new RepeatedPostRule(),
        new HoursRule(),
        new LengthRule(),
        // Last: it only speaks where the exact detectors found nothing of the category.
        new SemanticHintRule(),
    ];

    /// <summary>What to tell the user for each category: what is wrong and how to put it right.</summary>
    public static string Advice(string category) => category switch
    {
        Categories.PersonalInfo => "個人が特定できる情報です。本人の同意と必要性を確認し、削除するか伏せてください。",
        Categories.Confidential => "公開を前提としない情報の表現です。公開してよい情報か所属長に確認してください。",
        Categories.Security => "情報セキュリティを損なうおそれがあります。パスワードや内部のシステム情報は投稿しないでください。",
        Categories.UndecidedPolicy => "意思形成過程（まだ決まっていない施策）の情報です。正式に決定・公表されるまで発信しないでください。",
        Categories.Discrimination => "差別や偏見につながる表現です。特定の属性の人をひとまとめにした言い方を避けてください。",
        Categories.Defamation => "特定の人や団体を傷つける表現です。事実と意見を分け、個人や団体を非難しないでください。",
        Categories.Obscene => "わいせつな表現です。公式の発信にふさわしい表現にしてください。",
        Categories.Illegal => "違法な行為を勧める、または容認する表現です。",
        Categories.Rumor => "確認されていない情報（うわさ・伝聞）です。出典を確認し、確かな情報だけを発信してください。",
        Categories.PoliticalNeutrality => "特定の候補者・政党・政治家への支持や批判は、政治的中立を損ないます。",
        Categories.UrlShortener => "短縮 URL はリンク先が分からず、なりすましにも使われます。元の URL を載せてください。",
        Categories.UntrustedLink => "信頼できるドメインとして登録されていないリンクです。リンク先が正しく安全か確認してください。",
        Categories.MaskedText => "伏せ字は憶測や誤解を招きます。書けない内容であれば、文ごと削除してください。",
        Categories.RepeatedPost => "最近の投稿とほぼ同じ内容です。同じ内容の連続投稿は避けてください。",
        Categories.OutsideHours => "勤務時間外の投稿予定です。返信や問い合わせに対応できる時間に予約してください。",
        Categories.DuringWorkHours => "勤務時間中の私的な投稿は、職務専念義務に反するおそれがあります。",
        Categories.TooLong => "文字数が媒体の上限を超えています。要点を絞るか、詳細はホームページに載せてリンクしてください。",
        _ => "",
    };
}
