namespace Koho.Checks.Rules;

/// <summary>Every occurrence of a pack lexicon term, reported under the term's category.</summary>
internal sealed class LexiconRule : IRule
{
    public void Apply(CheckContext context)
    {
        foreach (var match in context.LexiconMatches)
        {
            var entry = context.Pack.Lexicon.Entry(match);
            var (s, l) = context.Text.LexicalToOriginal(match.Start, match.Length);
            var found = context.Draft.Text.Substring(s, l);
            var message = $"「{found}」: {RuleSet.Advice(entry.Category)}";
            if (!string.IsNullOrEmpty(entry.Note)) message += $"（{entry.Note}）";
            context.Report(entry.Category, "lexicon", s, l, message,
                string.IsNullOrEmpty(entry.Suggestion) ? null : $"「{entry.Suggestion}」に言い換えてください。", entry.Weak ? Confidence.Weak : Confidence.Strong);
        }
    }
}
