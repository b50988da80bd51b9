using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// The same or nearly the same text as one of the account's recent posts: compared on the lexical view (so
/// spacing, punctuation and width do not matter) by the Dice coefficient of character bigrams.
/// </summary>
internal sealed class RepeatedPostRule : IRule
{
    public const double SameThreshold = 0.85;
    public const double SimilarThreshold = 0.7;

    public void Apply(CheckContext context)
    {
        if (context.Draft.Recent.Count == 0) return;
        var mine = context.Text.Lexical;
        if (mine.Length < 6) return;
        var myBigrams = Bigrams(mine);
        var best = 0.0;
        foreach (var recent in context.Draft.Recent)
        {
            if (string.IsNullOrWhiteSpace(recent) || recent.Length > Checker.MaxLength) continue;
            var other = NormalizedText.Create(recent).Lexical;
            var score = other == mine ? 1.0 : Dice(myBigrams, Bigrams(other));
            best = Math.Max(best, score);
        }
        if (best < SimilarThreshold) return;
        context.Report(Categories.RepeatedPost, "repeated-post", 0, 0,
            $"最近の投稿と{(best >= 0.999 ? "同じ" : $"ほぼ同じ（類似度 {best:P0}）")}内容です。{RuleSet.Advice(Categories.RepeatedPost)}",
            "内容を更新するか、前の投稿を共有（リポスト）してください。", best >= SameThreshold ? Confidence.Strong : Confidence.Weak);
    }

    private static Dictionary<int, int> Bigrams(string s)
    {
        var counts = new Dictionary<int, int>(s.Length);
        for (var i = 0; i + 1 < s.Length; i++)
        {
            var key = (s[i] << 16) | s[i + 1];
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    private static double Dice(Dictionary<int, int> a, Dictionary<int, int> b)
    {
        int total = 0, common = 0;
        foreach (var v in a.Values) total += v;
        foreach (var v in b.Values) total += v;
        foreach (var (k, v) in a) if (b.TryGetValue(k, out var w)) common += Math.Min(v, w);
        return total == 0 ? 0 : 2.0 * common / total;
    }
}
