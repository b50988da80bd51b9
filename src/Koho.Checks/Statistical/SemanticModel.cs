using System.Buffers;
using System.IO.Compression;

namespace Koho.Checks.Statistical;

/// <summary>
/// A linear model (one logistic regression per category) over hashed character n-grams: it recognises the
/// indirect and euphemistic ways of writing a rumour, a slur or an unannounced plan that no word list names,
/// because it learned from labelled drafts (tests/Koho.Checks.Tests/Labelled) rather than from listed phrases.
/// Its findings are hints: the checker reports them at most as warnings and never lets them block a post.
/// </summary>
public sealed class SemanticModel
{
    private const uint Magic = 0x314D534B; // "KSM1"

    private readonly float[] _weights; // [bucket * categories + category]
    private readonly float[] _bias;

    public IReadOnlyList<string> Categories { get; }

    /// <summary>Probability from which a category is reported.</summary>
    public float Threshold { get; }

    internal SemanticModel(string[] categories, float[] weights, float[] bias, float threshold)
    {
        Categories = categories;
        _weights = weights;
        _bias = bias;
        Threshold = threshold;
    }

    private static readonly Lazy<SemanticModel> Embedded = new(() =>
    {
        using var stream = typeof(SemanticModel).Assembly.GetManifestResourceStream("Koho.Checks.Statistical.semantic-model.bin")
            ?? throw new InvalidOperationException("semantic-model.bin is not embedded.");
        return Read(stream);
    });

    /// <summary>The model shipped with Koho, trained on the project's labelled drafts (see <see cref="SemanticModelTrainer"/>).</summary>
    public static SemanticModel Default => Embedded.Value;

    /// <summary>Probability per category (in <see cref="Categories"/> order) that a draft written so belongs to it.</summary>
    public float[] Probabilities(string text, bool passages = true)
    {
        var probability = new float[Categories.Count];
        var where = new (int, int)[Categories.Count];
        Assess(Text.NormalizedText.Create(text), probability, where, passages);
        return probability;
    }

    /// <summary>
    /// Characters in a passage of a long draft read on its own: about the length of the drafts the model learned
    /// from, so that a passage's score means what a draft's score means (scores grow with length).
    /// </summary>
    internal const int Passage = 60;

    /// <summary>
    /// Per category: the probability of the whole draft or, for a draft longer than a passage, of its most
    /// telling passage (one bad sentence in a long, otherwise ordinary post would be diluted in the whole), and,
    /// for the categories over the threshold, where: the sentence of that draft or passage that weighs most (a
    /// range of the lexical view).
    /// </summary>
    internal void Assess(Text.NormalizedText text, Span<float> probability, Span<(int Start, int End)> where, bool passages = true)
    {
        var categories = Categories.Count;
        var lexical = text.Lexical;
        var n = NgramFeatures.Count(lexical.Length);
        var buckets = ArrayPool<int>.Shared.Rent(n);
        var positions = ArrayPool<int>.Shared.Rent(n);
        // prefix[(i + 1) * categories + c]: the category's weights summed over the first i + 1 n-grams.
        var prefix = ArrayPool<float>.Shared.Rent((n + 1) * categories);
        try
        {
            var count = NgramFeatures.Fill(lexical, buckets, positions);
            var w = _weights.AsSpan();
            prefix.AsSpan(0, categories).Clear();
            for (var i = 0; i < count; i++)
            {
                var row = w.Slice(buckets[i] * categories, categories);
                var before = prefix.AsSpan(i * categories, categories);
                var after = prefix.AsSpan((i + 1) * categories, categories);
                for (var c = 0; c < categories; c++) after[c] = before[c] + row[c];
            }
            var wholeScale = count == 0 ? 0f : 1f / MathF.Sqrt(count);
            for (var c = 0; c < categories; c++)
            {
                probability[c] = Sigmoid(prefix[count * categories + c] * wholeScale + _bias[c]);
                where[c] = (0, lexical.Length);
            }
            if (passages && lexical.Length > Passage) ReadPassages(lexical.Length, positions, count, prefix, probability, where);
            // A finding points at one sentence: the one within the draft or passage that weighs most for it.
            for (var c = 0; c < categories; c++)
            {
                if (probability[c] >= Threshold) where[c] = HeaviestSentence(text, positions, count, prefix, c, where[c]);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buckets);
            ArrayPool<int>.Shared.Return(positions);
            ArrayPool<float>.Shared.Return(prefix);
        }
    }

    private void ReadPassages(int length, int[] positions, int count, float[] prefix, Span<float> probability, Span<(int Start, int End)> where)
    {
        var categories = Categories.Count;

        // Passages overlap by half; n-grams are in order of position, so each passage is a run of them.
        var first = 0;
        for (var start = 0; start < length; start += Passage / 2)
        {
            var end = Math.Min(length, start + Passage);
            while (first < count && positions[first] < start) first++;
            var last = first;
            while (last < count && positions[last] < end) last++;
            if (last - first > 0)
            {
                var scale = 1f / MathF.Sqrt(last - first);
                for (var c = 0; c < categories; c++)
                {
                    var p = Sigmoid((prefix[last * categories + c] - prefix[first * categories + c]) * scale + _bias[c]);
                    if (p > probability[c]) { probability[c] = p; where[c] = (start, end); }
                }
            }
            if (end == length) break;
        }
    }

    private (int Start, int End) HeaviestSentence(Text.NormalizedText text, int[] positions, int count, float[] prefix, int category,
        (int Start, int End) within)
    {
        var categories = Categories.Count;
        (int Start, int End) best = within;
        var bestSum = float.NegativeInfinity;
        var i = 0;
        while (i < count && positions[i] < within.Start) i++;
        while (i < count && positions[i] < within.End)
        {
            var sentence = text.LexicalSentence(positions[i]);
            var j = i;
            while (j < count && positions[j] < sentence.End && positions[j] < within.End) j++;
            var sum = prefix[j * categories + category] - prefix[i * categories + category];
            if (sum > bestSum) { bestSum = sum; best = sentence; }
            i = j;
        }
        return best;
    }

    internal float Weight(int bucket, int category) => _weights[bucket * Categories.Count + category];

    internal static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>
    /// Writes the model: deflated; header, category names, biases, then the non-zero buckets (delta-coded) with one
    /// half-precision weight per category. Buckets whose weights all fall below <paramref name="prune"/> are left out.
    /// </summary>
    public void Write(Stream output, float prune = 0f)
    {
        using var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        writer.Write(Magic);
        writer.Write((byte)NgramFeatures.Bits);
        writer.Write((byte)NgramFeatures.MinN);
        writer.Write((byte)NgramFeatures.MaxN);
        writer.Write(Threshold);
        writer.Write(Categories.Count);
        foreach (var c in Categories) writer.Write(c);
        foreach (var b in _bias) writer.Write(b);
        var categories = Categories.Count;
        var kept = new List<int>();
        for (var bucket = 0; bucket < NgramFeatures.Buckets; bucket++)
        {
            for (var c = 0; c < categories; c++)
            {
                if (MathF.Abs(_weights[bucket * categories + c]) > prune) { kept.Add(bucket); break; }
            }
        }
        writer.Write(kept.Count);
        var previous = 0;
        foreach (var bucket in kept)
        {
            writer.Write7BitEncodedInt(bucket - previous);
            previous = bucket;
            for (var c = 0; c < categories; c++) writer.Write((Half)_weights[bucket * categories + c]);
        }
    }

    public static SemanticModel Read(Stream input)
    {
        using var deflate = new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
        if (reader.ReadUInt32() != Magic) throw new InvalidDataException("Koho の統計モデルではありません。");
        if (reader.ReadByte() != NgramFeatures.Bits || reader.ReadByte() != NgramFeatures.MinN || reader.ReadByte() != NgramFeatures.MaxN)
            throw new InvalidDataException("統計モデルの特徴量の形式がこの版の Koho と合いません。");
        var threshold = reader.ReadSingle();
        var count = reader.ReadInt32();
        var names = new string[count];
        for (var c = 0; c < count; c++) names[c] = reader.ReadString();
        var bias = new float[count];
        for (var c = 0; c < count; c++) bias[c] = reader.ReadSingle();
        var weights = new float[NgramFeatures.Buckets * count];
        var entries = reader.ReadInt32();
        var bucket = 0;
        for (var e = 0; e < entries; e++)
        {
            bucket += reader.Read7BitEncodedInt();
            for (var c = 0; c < count; c++) weights[bucket * count + c] = (float)reader.ReadHalf();
        }
        return new SemanticModel(names, weights, bias, threshold);
    }
}
