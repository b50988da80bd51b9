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

    /// <summary>Receives n-grams one by one (a struct, so that the JIT inlines it into the loop).</summary>
    public interface IVisitor
    {
        /// <param name="bucket">The n-gram's bucket.</param>
        /// <param name="position">Where in the text it starts (clamped to the text: the marks belong to their neighbours).</param>
        void Visit(int bucket, int position);
    }

    /// <summary>Visits every n-gram of the text with its begin and end marks, in order of position.</summary>
    public static void ForEach<TVisitor>(ReadOnlySpan<char> text, ref TVisitor visitor) where TVisitor : struct, IVisitor, allows ref struct
    {
        // The text between its marks, so that the loop reads characters without asking where it is.
        var padded = text.Length + 2;
        var rented = padded > 512 ? System.Buffers.ArrayPool<char>.Shared.Rent(padded) : null;
        var chars = rented is null ? stackalloc char[padded] : rented.AsSpan(0, padded);
        chars[0] = Begin;
        text.CopyTo(chars[1..]);
        chars[padded - 1] = End;
        var last = Math.Max(0, text.Length - 1);
        for (var i = 0; i < padded; i++)
        {
            // FNV-1a over the characters, then n mixed in: the same n-gram lands in the same bucket on every
            // machine and run, and the 1-, 2- and 3-grams starting here share the work.
            var position = Math.Clamp(i - 1, 0, last);
            var h = 2166136261u;
            var top = Math.Min(MaxN, padded - i);
            for (var n = 1; n <= top; n++)
            {
                h = (h ^ chars[i + n - 1]) * 16777619u;
                if (n < MinN) continue;
                visitor.Visit((int)(((h ^ (uint)n) * 16777619u) & (Buckets - 1)), position);
            }
        }
        if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
    }

    /// <summary>
    /// Writes the bucket and position of every n-gram to <paramref name="buckets"/> and <paramref name="positions"/>
    /// (both at least <see cref="Count"/>(text.Length) long); returns how many.
    /// </summary>
    public static int Fill(ReadOnlySpan<char> text, int[] buckets, int[] positions)
    {
        var writer = new Writer(buckets, positions);
        ForEach(text, ref writer);
        return writer.Count;
    }

    private struct Writer(int[] buckets, int[] positions) : IVisitor
    {
        public int Count;

        public void Visit(int bucket, int position)
        {
            buckets[Count] = bucket;
            positions[Count] = position;
            Count++;
        }
    }
}
