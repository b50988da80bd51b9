using Koho.Checks.Statistical;

namespace Koho.Checks.Rules;

/// <summary>
/// The statistical second look: when the word and context rules found nothing for a category about meaning
/// (rumour, discrimination, undecided policy …) but the draft — or, in a long draft, one passage of it — reads
/// like the labelled examples of it, a warning points at the sentence that weighs most. Never a block: it is a likeness, not a proof (see <see cref="SemanticModel"/>).
/// </summary>
internal sealed class SemanticHintRule : IRule
{
    public void Apply(CheckContext context)
    {
        if (context.Pack.Model is not { } model) return;
        var text = context.Text;
        if (text.Lexical.Length == 0) return;
        Span<float> probability = stackalloc float[model.Categories.Count];
        Span<(int Start, int End)> where = stackalloc (int, int)[model.Categories.Count];
        model.Assess(text, probability, where);
        var threshold = model.ThresholdFor(text.Lexical.Length);
        for (var c = 0; c < probability.Length; c++)
        {
            if (probability[c] < threshold) continue;
            var category = model.Categories[c];
            // The exact detectors already explained it (with a better place and wording).
            if (context.HasFinding(category)) continue;
            var (s, l) = text.LexicalToOriginal(where[c].Start, where[c].End - where[c].Start);
            context.Report(category, "model", s, l,
                // No percentage: a low number beside a warning reads as "ignore me", and the bar is low on purpose.
                $"{Categories.Name(category)}に当たる書き方に似ています（過去の判定例から学んだ推定です）。{RuleSet.Advice(category)}",
                "問題がなければこのままで構いません。迷うときは所属長に確認してください。", Confidence.Weak);
        }
    }
}
