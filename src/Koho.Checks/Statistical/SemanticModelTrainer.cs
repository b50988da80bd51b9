namespace Koho.Checks.Statistical;

/// <summary>A labelled draft: its text and the categories a correct checker reports for it (none = clean).</summary>
public sealed record LabelledText(string Text, IReadOnlyCollection<string> Categories);

/// <summary>Settings of <see cref="SemanticModelTrainer"/>; the defaults are the ones chosen on a held-out set (see the labelled sets' README).</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 40;
    public double LearningRate { get; init; } = 0.5;
    /// <summary>L2 penalty: larger values trust single n-grams less.</summary>
    public double L2 { get; init; } = 3e-4;
    public float Threshold { get; init; } = 0.1f;
    public ulong Seed { get; init; } = 20261122;
    /// <summary>
    /// Also learn each sentence of a clean draft as a clean example: without them the model has seen few short
    /// texts, and a short everyday post (「今日の昼ごはん」) scores by chance.
    /// </summary>
    public bool CleanSentences { get; init; } = true;
}

/// <summary>
/// Trains <see cref="SemanticModel"/>: per category, logistic regression with AdaGrad steps and L2 on the hashed
/// n-grams, positives weighted up by √(negatives ÷ positives) because problems are rare among drafts. Deterministic
/// (its own shuffling generator, one thread), so the shipped model can be rebuilt and compared in a test.
/// Written by hand: the base library has no machine learning, and the model is small enough not to need any.
/// </summary>
public static class SemanticModelTrainer
{
    /// <summary>Categories about meaning, where wording varies without end; the others have exact detectors.</summary>
    public static readonly string[] ModelledCategories =
    [
        Koho.Checks.Categories.PersonalInfo, Koho.Checks.Categories.Confidential, Koho.Checks.Categories.Security,
        Koho.Checks.Categories.UndecidedPolicy, Koho.Checks.Categories.Discrimination, Koho.Checks.Categories.Defamation,
        Koho.Checks.Categories.Obscene, Koho.Checks.Categories.Illegal, Koho.Checks.Categories.Rumor,
        Koho.Checks.Categories.PoliticalNeutrality,
    ];

    public static SemanticModel Train(IReadOnlyList<LabelledText> examples, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        if (options.CleanSentences) examples = [.. examples, .. examples.Where(e => e.Categories.Count == 0).SelectMany(e => Sentences(e.Text))];
        var categories = ModelledCategories;
        // Features once: each example's buckets (repeats kept: a count, like the scorer) and its scale.
        var features = new (int[] Buckets, double Scale)[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var lexical = Text.NormalizedText.Create(examples[i].Text).Lexical;
            var n = NgramFeatures.Count(lexical.Length);
            var buckets = new int[n];
            var count = NgramFeatures.Fill(lexical, buckets, new int[n]);
            features[i] = (buckets[..count], count == 0 ? 0 : 1 / Math.Sqrt(count));
        }

        var weights = new float[NgramFeatures.Buckets * categories.Length];
        var bias = new float[categories.Length];
        var w = new double[NgramFeatures.Buckets];
        var g2 = new double[NgramFeatures.Buckets];
        var order = new int[examples.Count];
        for (var c = 0; c < categories.Length; c++)
        {
            Array.Clear(w);
            Array.Clear(g2);
            double b = 0, gb2 = 0;
            var labels = examples.Select(e => e.Categories.Contains(categories[c])).ToArray();
            var positives = labels.Count(l => l);
            var positiveWeight = positives == 0 ? 1 : Math.Sqrt((examples.Count - positives) / (double)positives);
            var random = new SplitMix64(options.Seed + (ulong)c);
            for (var i = 0; i < order.Length; i++) order[i] = i;
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                // Fisher–Yates with the trainer's own generator: the same order on every .NET version.
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = (int)(random.Next() % (ulong)(i + 1));
                    (order[i], order[j]) = (order[j], order[i]);
                }
                foreach (var i in order)
                {
                    var (buckets, scale) = features[i];
                    var z = b;
                    foreach (var k in buckets) z += w[k] * scale;
                    var p = 1 / (1 + Math.Exp(-z));
                    var g = (p - (labels[i] ? 1 : 0)) * (labels[i] ? positiveWeight : 1);
                    foreach (var k in buckets)
                    {
                        var gk = g * scale + options.L2 * w[k];
                        g2[k] += gk * gk;
                        w[k] -= options.LearningRate * gk / Math.Sqrt(g2[k] + 1e-8);
                    }
                    gb2 += g * g;
                    b -= options.LearningRate * g / Math.Sqrt(gb2 + 1e-8);
                }
            }
            for (var k = 0; k < w.Length; k++) weights[k * categories.Length + c] = (float)w[k];
            bias[c] = (float)b;
        }
        return new SemanticModel(categories.ToArray(), weights, bias, options.Threshold);
    }

    private static readonly char[] SentenceEnds = ['。', '！', '？', '!', '?', '\n'];

    private static IEnumerable<LabelledText> Sentences(string text)
    {
        var parts = text.Split(SentenceEnds, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2) yield break;
        foreach (var p in parts) if (p.Length >= 4) yield return new LabelledText(p, []);
    }

    /// <summary>SplitMix64: a tiny, fixed pseudo-random generator (System.Random's sequence is not a contract).</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
