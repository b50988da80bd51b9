using System.Globalization;
using System.Text;

namespace Koho.Checks.Text;

/// <summary>Post length counted each platform's own way.</summary>
public static class PostLength
{
    /// <summary>
    /// X's weighted length as twitter-text counts it (config v3 weights: code points in 0–4351, 8192–8205,
    /// 8208–8223 and 8242–8247 weigh 1, everything else 2; every link 23; text NFC-normalised first). With
    /// <paramref name="discountEmoji"/> an emoji sequence counts 2 however many code points it has, as X does
    /// today (config v3 emojiParsingEnabled).
    /// </summary>
    public static int XWeighted(string text, bool discountEmoji = true)
    {
        var clean = Utf16.Scrub(text); // same length: a lone surrogate counts as one (replacement) character
        var nfc = clean.IsNormalized(NormalizationForm.FormC) ? clean : clean.Normalize(NormalizationForm.FormC);
        var urls = UrlScanner.Find(nfc);
        var weight = 0; // in hundredths
        var u = 0;
        for (var i = 0; i < nfc.Length;)
        {
            if (u < urls.Count && urls[u].Start == i)
            {
                weight += 23 * 100;
                i += urls[u].Length;
                u++;
                continue;
            }
            if (discountEmoji)
            {
                var element = StringInfo.GetNextTextElementLength(nfc.AsSpan(i));
                if (element > 0 && IsEmojiSequence(nfc.AsSpan(i, element)))
                {
                    weight += 200;
                    i += element;
                    continue;
                }
            }
            var cp = char.ConvertToUtf32OrReplacement(nfc, i, out var width);
            weight += IsLight(cp) ? 100 : 200;
            i += width;
        }
        return weight / 100;
    }

    private static bool IsLight(int cp) => cp is (>= 0 and <= 4351) or (>= 8192 and <= 8205) or (>= 8208 and <= 8223) or (>= 8242 and <= 8247);

    /// <summary>A grapheme cluster that is an emoji: a pictograph, a flag, a keycap, or one with an emoji modifier/ZWJ.</summary>
    private static bool IsEmojiSequence(ReadOnlySpan<char> element)
    {
        var hasPictograph = false;
        for (var i = 0; i < element.Length;)
        {
            var cp = char.IsHighSurrogate(element[i]) && i + 1 < element.Length ? char.ConvertToUtf32(element[i], element[i + 1]) : element[i];
            if (cp is >= 0x1F000 and <= 0x1FAFF or >= 0x1F1E6 and <= 0x1F1FF or 0x20E3) hasPictograph = true;
            else if (cp is >= 0x2600 and <= 0x27BF or >= 0x2300 and <= 0x23FF or >= 0x2B00 and <= 0x2BFF or 0x00A9 or 0x00AE or 0x203C or 0x2049 or 0x2122 or 0x2139 or >= 0x2194 and <= 0x21AA or 0x3030 or 0x303D or 0x3297 or 0x3299)
                hasPictograph = true;
            i += cp > 0xFFFF ? 2 : 1;
        }
        return hasPictograph;
    }

    /// <summary>User-perceived characters (extended grapheme clusters), as Mastodon and Bluesky count.</summary>
    public static int Graphemes(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            var n = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            i += Math.Max(1, n);
            count++;
        }
        return count;
    }

    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>The limits and how each platform counts; null when the platform sets no limit we check.</summary>
    public static (int Length, int Limit, string Unit)? Measure(Platform platform, string text) => platform switch
    {
        Platform.X => (XWeighted(text), 280, "X の文字数（全角は2、リンクは23として数えます）"),
        Platform.Instagram => (Graphemes(text), 2200, "文字"),
        Platform.Line => (text.Length, 5000, "文字（UTF-16）"),
        Platform.Facebook => (Graphemes(text), 63206, "文字"),
        Platform.Mastodon => (Graphemes(text), 500, "文字"),
        Platform.Bluesky => Graphemes(text) > 300 ? (Graphemes(text), 300, "文字") : (Utf8Bytes(text), 3000, "バイト（UTF-8）"),
        _ => null,
    };
}

internal static class CharExtensions
{
    extension(char)
    {
        /// <summary>The code point at <paramref name="i"/>; a lone surrogate counts as U+FFFD (one unit).</summary>
        public static int ConvertToUtf32OrReplacement(string s, int i, out int width)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                width = 2;
                return char.ConvertToUtf32(s[i], s[i + 1]);
            }
            width = 1;
            return char.IsSurrogate(s[i]) ? 0xFFFD : s[i];
        }
    }
}
