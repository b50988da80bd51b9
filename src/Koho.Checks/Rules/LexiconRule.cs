namespace Koho.Checks.Rules;

/// <summary>Every occurrence of a pack lexicon term, reported under the term's category.</summary>
internal sealed class LexiconRule : IRule
{
    // Secrecy words also appear harmlessly (取扱注意 on spray cans, マル秘テクニック, 極秘任務 in a game): they block
    // only when they label information — a bracketed label, or information words in the same sentence.
    private static readonly string[] InformationWords = Norm("資料", "情報", "文書", "データ", "一覧", "内容", "数字", "数値", "名簿", "リスト",
        "件", "話", "事項", "人事", "内示", "ですが", "だけど", "けど", "共有", "見せ", "流出", "漏", "外部", "外には", "誰にも", "記録", "報告",
        "価格", "結果", "計画", "予定", "案", "会議", "メール", "ファイル");

    private static string[] Norm(params string[] words) => words.Select(w => Text.NormalizedText.Create(w).Lexical).ToArray();

    private static bool LabelsInformation(CheckContext context, int lexStart, int lexLength)
    {
        var text = context.Text;
        var (s, e) = text.LexicalSentence(lexStart);
        var sentence = text.Lexical[s..e];
        foreach (var w in InformationWords) if (sentence.Contains(w, StringComparison.Ordinal)) return true;
        // 【部外秘】 / ［取扱注意］ as a label.
        var f = text.LexicalToFoldedIndex(lexStart);
        var before = f > 0 ? text.Folded[f - 1] : ' ';
        return before is '【' or '[' or '［' or '〔' or '<' or '《' or '(' or '（';
    }

    public void Apply(CheckContext context)
    {
        foreach (var match in context.LexiconMatches)
        {
            var entry = context.Pack.Lexicon.Entry(match);
            var confidence = entry.Weak ? Confidence.Weak : Confidence.Strong;
            if (entry.Category == Categories.Confidential && !LabelsInformation(context, match.Start, match.Length)) confidence = Confidence.Weak;
            var (s, l) = context.Text.LexicalToOriginal(match.Start, match.Length);
            var found = context.Draft.Text.Substring(s, l);
            var message = $"「{found}」: {RuleSet.Advice(entry.Category)}";
            if (!string.IsNullOrEmpty(entry.Note)) message += $"（{entry.Note}）";
            context.Report(entry.Category, "lexicon", s, l, message,
                string.IsNullOrEmpty(entry.Suggestion) ? null : $"「{entry.Suggestion}」に言い換えてください。", confidence);
        }
    }
}
