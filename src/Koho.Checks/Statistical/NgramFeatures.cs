namespace Koho.Checks.Statistical;

/// <summary>
/// Character n-grams (1–3) of a text's lexical view, hashed into a fixed number of buckets (the hashing trick):
/// no vocabulary to ship, and unseen n-grams simply land in buckets with small weights. Japanese has no spaces, so
/// character n-grams stand in for words. Written by hand: the base library has no feature hashing.
/// </summary>
internal static class NgramFeatures
{
    public const int Bits = 18;
    public const int Buckets = 1 << Bits;
    public const int MinN = 1;
    public const int MaxN = 3;

    // Marks for the start and end of the text, so that "starts with …" / "ends with …" are features too.
    private const char Begin = '\u0002';
    private const char End = '\u0003';

    /// <summary>Number of n-grams <see cref="ForEach"/> visits for a text of this length (for normalising).</summary>
    public static int Count(int length)
    {
        var padded = length + 2;
        var count = 0;
        for (var n = MinN; n <= MaxN; n++) count += Math.Max(0, padded - n + 1);
        return count;
    }

    /// <summary>
    /// Writes the bucket of every n-gram of the text (with its begin and end marks) to <paramref name="buckets"/>
    /// and the position in <paramref name="text"/> each starts at (clamped to the text) to
    /// <paramref name="positions"/>; both must hold <see cref="Count"/>(text.Length) items. Returns that count.
    /// </summary>
    public static int Fill(ReadOnlySpan<char> text, Span<int> buckets, Span<int> positions)
    {
        var padded = text.Length + 2;
        var last = Math.Max(0, text.Length - 1);
        var j = 0;
        for (var i = 0; i < padded; i++)
        {
            // FNV-1a over (n, characters): the same n-gram lands in the same bucket on every machine and run.
            var h = 2166136261u;
            for (var n = 1; n <= MaxN && i + n <= padded; n++)
            {
                h = (h ^ At(text, i + n - 1)) * 16777619u;
                if (n < MinN) continue;
                buckets[j] = (int)(((h ^ (uint)n) * 16777619u) & (Buckets - 1));
                positions[j] = Math.Clamp(i - 1, 0, last);
                j++;
            }
        }
        return j;
    }

    private static char At(ReadOnlySpan<char> text, int paddedIndex) =>
        paddedIndex == 0 ? Begin : paddedIndex == text.Length + 1 ? End : text[paddedIndex - 1];
}
