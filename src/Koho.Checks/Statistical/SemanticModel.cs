using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    // Weights as trained (kept only to write a trained model out).
    private readonly float[]? _weights;
    // What scoring reads: each weight as a signed byte in units of _unit[category] — a quarter of the floats'
    // memory, so that the table stays in cache beside the other rules' tables. The rounding is far below what
    // matters: a score sums ~200 weights and is scaled by 1/√200. Padded after the last row (rows are read 16 wide).
    private readonly sbyte[] _quantized;
    private readonly float[] _unit;
    private const int RowPadding = 16;
    private readonly float[] _bias;

    public IReadOnlyList<string> Categories { get; }

    /// <summary>Probability from which a category is reported in a draft of ordinary length.</summary>
    public float Threshold { get; }

    // A short draft gives the model little evidence and its scores wander: below FullEvidence n-grams (about 50
    // characters) the bar rises linearly towards ShortThreshold. Chosen on sets D–F with models not trained on
    // them: clean sentences hinted 6.3 % → 1.1 %, recall 134 → 130 of 175.
    private const int FullEvidence = 150;
    private const float ShortThreshold = 0.3f;

    /// <summary>The probability from which a category is reported for a text whose lexical view is this long.</summary>
    public float ThresholdFor(int lexicalLength)
    {
        var n = NgramFeatures.Count(lexicalLength);
        return n >= FullEvidence ? Threshold : MathF.Max(Threshold, ShortThreshold - (ShortThreshold - Threshold) * n / FullEvidence);
    }

    /// <summary>A trained model: its weights are kept (to be written) and quantized (to be used).</summary>
    internal SemanticModel(string[] categories, float[] weights, float[] bias, float threshold)
        : this(categories, Quantize(weights, categories.Length, NgramFeatures.Buckets, b => b), bias, threshold, weights)
    {
    }

    private SemanticModel(string[] categories, (sbyte[] Quantized, float[] Unit) table, float[] bias, float threshold, float[]? weights)
    {
        Categories = categories;
        (_quantized, _unit) = table;
        _bias = bias;
        Threshold = threshold;
        _weights = weights;
    }

    /// <summary>
    /// Signed bytes per category scale (the largest weight → 127), into a full padded table. <paramref name="rows"/>
    /// weights rows in <paramref name="weights"/>; row r belongs to bucket <paramref name="bucketOf"/>(r).
    /// </summary>
    private static (sbyte[], float[]) Quantize(ReadOnlySpan<float> weights, int categories, int rows, Func<int, int> bucketOf)
    {
        var unit = new float[categories];
        for (var i = 0; i < rows * categories; i++) unit[i % categories] = MathF.Max(unit[i % categories], MathF.Abs(weights[i]));
        for (var c = 0; c < categories; c++) unit[c] = unit[c] > 0 ? unit[c] / 127f : 1f;
        var quantized = new sbyte[NgramFeatures.Buckets * categories + RowPadding];
        for (var r = 0; r < rows; r++)
        {
            var at = bucketOf(r) * categories;
            for (var c = 0; c < categories; c++)
                quantized[at + c] = (sbyte)Math.Clamp(MathF.Round(weights[r * categories + c] / unit[c]), -127, 127);
        }
        return (quantized, unit);
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
        // Passages start every half passage, so sums per half passage ("block") give every passage as two
        // neighbouring blocks and the whole draft as all of them: one pass, one add per n-gram and category.
        var blocks = Math.Max(1, (lexical.Length + Stride - 1) / Stride);
        float[]? rentedSums = null;
        int[]? rentedCounts = null;
        var sums = blocks * categories <= 512 ? stackalloc float[blocks * categories] : (rentedSums = ArrayPool<float>.Shared.Rent(blocks * categories)).AsSpan(0, blocks * categories);
        var counts = blocks <= 64 ? stackalloc int[blocks] : (rentedCounts = ArrayPool<int>.Shared.Rent(blocks)).AsSpan(0, blocks);
        sums.Clear();
        counts.Clear();
        try
        {
            var summer = new BlockSummer(this, sums, counts);
            NgramFeatures.ForEach(lexical, ref summer);
            summer.Flush();
            var count = summer.Total;

            // Scores compared as logits (the sigmoid is monotonic); probabilities computed once at the end.
            var wholeScale = count == 0 ? 0f : 1f / MathF.Sqrt(count);
            for (var c = 0; c < categories; c++)
            {
                var whole = 0f;
                for (var k = 0; k < blocks; k++) whole += sums[k * categories + c];
                probability[c] = whole * wholeScale + _bias[c];
                where[c] = (0, lexical.Length);
            }
            if (passages && lexical.Length > Passage)
            {
                // Passage k: blocks k and k + 1, i.e. lexical [k·Stride, k·Stride + Passage).
                for (var k = 0; k + 1 < blocks; k++)
                {
                    var inPassage = counts[k] + counts[k + 1];
                    if (inPassage == 0) continue;
                    var scale = 1f / MathF.Sqrt(inPassage);
                    for (var c = 0; c < categories; c++)
                    {
                        var z = (sums[k * categories + c] + sums[(k + 1) * categories + c]) * scale + _bias[c];
                        if (z > probability[c]) { probability[c] = z; where[c] = (k * Stride, Math.Min(lexical.Length, k * Stride + Passage)); }
                    }
                }
            }
            var flagged = false;
            var threshold = ThresholdFor(lexical.Length);
            for (var c = 0; c < categories; c++)
            {
                probability[c] = Sigmoid(probability[c]);
                flagged |= probability[c] >= threshold;
            }
            // A finding points at one sentence: the one within the draft or passage that weighs most for it.
            if (flagged) PlaceInSentences(text, probability, where, threshold);
        }
        finally
        {
            if (rentedSums is not null) ArrayPool<float>.Shared.Return(rentedSums);
            if (rentedCounts is not null) ArrayPool<int>.Shared.Return(rentedCounts);
        }
    }

    private const int Stride = Passage / 2;

    private void PlaceInSentences(Text.NormalizedText text, Span<float> probability, Span<(int Start, int End)> where, float threshold)
    {
        var n = NgramFeatures.Count(text.Lexical.Length);
        var buckets = ArrayPool<int>.Shared.Rent(n);
        var positions = ArrayPool<int>.Shared.Rent(n);
        var count = NgramFeatures.Fill(text.Lexical, buckets, positions);
        for (var c = 0; c < probability.Length; c++)
        {
            if (probability[c] >= threshold) where[c] = HeaviestSentence(text, buckets, positions, count, c, where[c]);
        }
        ArrayPool<int>.Shared.Return(buckets);
        ArrayPool<int>.Shared.Return(positions);
    }

    /// <summary>
    /// Adds each n-gram's weights to its block, with the running totals in registers where the hardware allows
    /// (up to 16 categories: one 16-byte row, widened to two vectors of 16-bit sums; a block holds at most
    /// 3 × Stride + 3 n-grams, so 127 × 93 cannot overflow). This loop is most of the model's cost.
    /// </summary>
    private ref struct BlockSummer(SemanticModel model, Span<float> sums, Span<int> counts) : NgramFeatures.IVisitor
    {
        private readonly int _categories = model.Categories.Count;
        private readonly bool _vectorised = model.Categories.Count <= 16 && Vector128.IsHardwareAccelerated;
        private readonly Span<float> _sums = sums;
        private readonly Span<int> _counts = counts;
        private Vector128<short> _low;
        private Vector128<short> _high;
        private int _current;
        public int Total;

        public void Visit(int bucket, int position)
        {
            var block = position / Stride;
            if (block != _current)
            {
                Flush();
                _current = block;
            }
            _counts[block]++;
            Total++;
            ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(model._quantized), bucket * _categories);
            if (_vectorised)
            {
                var bytes = Vector128.LoadUnsafe(ref row);
                _low += Vector128.WidenLower(bytes);
                _high += Vector128.WidenUpper(bytes);
            }
            else
            {
                var target = _sums.Slice(block * _categories, _categories);
                for (var c = 0; c < _categories; c++) target[c] += Unsafe.Add(ref row, c) * model._unit[c];
            }
        }

        public void Flush()
        {
            if (!_vectorised) return;
            var target = _sums.Slice(_current * _categories, _categories);
            for (var c = 0; c < target.Length; c++) target[c] += (c < 8 ? _low.GetElement(c) : _high.GetElement(c - 8)) * model._unit[c];
            _low = Vector128<short>.Zero;
            _high = Vector128<short>.Zero;
        }
    }

    private (int Start, int End) HeaviestSentence(Text.NormalizedText text, int[] buckets, int[] positions, int count, int category,
        (int Start, int End) within)
    {
        (int Start, int End) best = within;
        var bestSum = float.NegativeInfinity;
        var i = 0;
        while (i < count && positions[i] < within.Start) i++;
        while (i < count && positions[i] < within.End)
        {
            var sentence = text.LexicalSentence(positions[i]);
            var sum = 0f;
            for (; i < count && positions[i] < sentence.End && positions[i] < within.End; i++) sum += Weight(buckets[i], category);
            if (sum > bestSum) { bestSum = sum; best = sentence; }
        }
        return best;
    }

    internal float Weight(int bucket, int category) => _quantized[bucket * Categories.Count + category] * _unit[category];

    internal static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    /// <summary>
    /// Writes the model: deflated; header, category names, biases, then the non-zero buckets (delta-coded) with one
    /// half-precision weight per category. Buckets whose weights all fall below <paramref name="prune"/> are left out.
    /// </summary>
    public void Write(Stream output, float prune = 0f)
    {
        var weights = _weights ?? throw new InvalidOperationException("読み込んだモデルは書き出せません（学習したモデルだけが書き出せます）。");
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
                if (MathF.Abs(weights[bucket * categories + c]) > prune) { kept.Add(bucket); break; }
            }
        }
        writer.Write(kept.Count);
        var previous = 0;
        foreach (var bucket in kept)
        {
            writer.Write7BitEncodedInt(bucket - previous);
            previous = bucket;
            for (var c = 0; c < categories; c++) writer.Write((Half)weights[bucket * categories + c]);
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/>; anything else is refused with <see cref="InvalidDataException"/>.</summary>
    public static SemanticModel Read(Stream input)
    {
        try
        {
            return ReadModel(input);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("統計モデルのファイルが途中で切れています。");
        }
    }

    private static SemanticModel ReadModel(Stream input)
    {
        using var deflate = new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
        if (reader.ReadUInt32() != Magic) throw new InvalidDataException("Koho の統計モデルではありません。");
        if (reader.ReadByte() != NgramFeatures.Bits || reader.ReadByte() != NgramFeatures.MinN || reader.ReadByte() != NgramFeatures.MaxN)
            throw new InvalidDataException("統計モデルの特徴量の形式がこの版の Koho と合いません。");
        var threshold = reader.ReadSingle();
        var count = reader.ReadInt32();
        if (count is < 1 or > 64) throw new InvalidDataException("統計モデルの分類の数が正しくありません。");
        var names = new string[count];
        for (var c = 0; c < count; c++)
        {
            names[c] = reader.ReadString();
            if (!Checks.Categories.IsKnown(names[c])) throw new InvalidDataException($"統計モデルに知らない分類「{names[c]}」があります。");
        }
        var bias = new float[count];
        for (var c = 0; c < count; c++) bias[c] = reader.ReadSingle();
        // Only the stored rows: no table of floats for every bucket.
        var entries = reader.ReadInt32();
        if (entries < 0 || entries > NgramFeatures.Buckets) throw new InvalidDataException("統計モデルの行数が正しくありません。");
        var buckets = new int[entries];
        var weights = new float[entries * count];
        var bucket = 0;
        for (var e = 0; e < entries; e++)
        {
            bucket += reader.Read7BitEncodedInt();
            if (bucket >= NgramFeatures.Buckets) throw new InvalidDataException("統計モデルの行番号が正しくありません。");
            buckets[e] = bucket;
            for (var c = 0; c < count; c++) weights[e * count + c] = (float)reader.ReadHalf();
        }
        return new SemanticModel(names, Quantize(weights, count, entries, r => buckets[r]), bias, threshold, weights: null);
    }
}
