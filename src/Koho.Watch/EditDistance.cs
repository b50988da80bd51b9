namespace Koho.Watch;

/// <summary>
/// Damerau–Levenshtein distance in its optimal-string-alignment form (substitution, insertion, deletion, swap of
/// neighbours), computed only in the band |i − j| ≤ max: the detector only asks "within 1 or 2?", so this stays
/// linear in the length instead of quadratic.
/// </summary>
internal static class EditDistance
{
    /// <summary>
    /// Which letters occur, one bit each (a–z; digits and everything else share the top bits). One edit flips at most
    /// two bits (a substitution removes one letter and adds another), so two strings whose masks differ in more than
    /// 2 × max bits are more than max edits apart: a cheap test that skips almost every unrelated pair.
    /// </summary>
    public static uint Mask(string s)
    {
        var mask = 0u;
        foreach (var c in s)
            mask |= 1u << (c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? 26 + (c - '0') % 5 : 31);
        return mask;
    }

    /// <summary>Whether the masks already prove the distance is more than <paramref name="max"/>.</summary>
    public static bool MasksRuleOut(uint a, uint b, int max) => System.Numerics.BitOperations.PopCount(a ^ b) > 2 * max;

    /// <summary>The distance, or <paramref name="max"/> + 1 when it is larger than <paramref name="max"/>.</summary>
    public static int Bounded(string a, string b, int max)
    {
        if (max < 0) return 0;
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);
        var over = max + 1;
        var m = b.Length;
        // Three rows on the stack: this runs for every observed × registered pair of about the same length.
        Span<int> rows = m < 128 ? stackalloc int[3 * (m + 1)] : new int[3 * (m + 1)];
        var prev2 = rows[..(m + 1)];
        var prev = rows.Slice(m + 1, m + 1);
        var row = rows.Slice(2 * (m + 1), m + 1);
        for (var j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
        var prevMin = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            row.Fill(over);
            row[0] = i <= max ? i : over;
            var rowMin = row[0];
            var from = Math.Max(1, i - max);
            var to = Math.Min(m, i + max);
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(prev[j] + 1, row[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, prev2[j - 2] + 1);
                row[j] = Math.Min(d, over);
                rowMin = Math.Min(rowMin, row[j]);
            }
            // A swap reaches back two rows, so stop only when two rows in a row are out of reach.
            if (rowMin > max && prevMin > max) return over;
            prevMin = rowMin;
            var oldest = prev2;
            prev2 = prev;
            prev = row;
            row = oldest;
        }
        return Math.Min(prev[m], over);
    }
}
