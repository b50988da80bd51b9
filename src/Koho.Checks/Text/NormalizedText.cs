using System.Globalization;
using System.Text;

namespace Koho.Checks.Text;

/// <summary>
/// Two normalised views of a draft, each with a map back to UTF-16 offsets in the original text, so that
/// findings made on normalised text are reported on what the user typed.
/// <list type="bullet">
/// <item><see cref="Folded"/>: NFKC per character (full-width ASCII and digits → ASCII, half-width katakana →
/// full-width, ① → 1 …) and ASCII lower case. For scanners of numbers, addresses, URLs.</item>
/// <item><see cref="Lexical"/>: Folded, katakana → hiragana, every 伏せ字 mark → ○, and without the spaces,
/// punctuation and symbols people insert to dodge word lists (部 外 秘, 部・外・秘). For lexicon matching.</item>
/// </list>
/// Written by hand because no base-library API normalises while keeping offsets.
/// </summary>
public sealed class NormalizedText
{
    public const char Mask = '○';

    public string Original { get; }
    public string Folded { get; }
    public string Lexical { get; }

    // FoldedStart[i]: offset in Original of the character that produced Folded[i]; FoldedEnd[i]: its end.
    private readonly int[] _foldedStart;
    private readonly int[] _foldedEnd;
    // LexicalToFolded[i]: index in Folded of Lexical[i].
    private readonly int[] _lexicalToFolded;

    private NormalizedText(string original, string folded, int[] foldedStart, int[] foldedEnd, string lexical, int[] lexicalToFolded)
    {
        Original = original;
        Folded = folded;
        _foldedStart = foldedStart;
        _foldedEnd = foldedEnd;
        Lexical = lexical;
        _lexicalToFolded = lexicalToFolded;
    }

    /// <summary>Original span of Folded[start..start+length).</summary>
    public (int Start, int Length) FoldedToOriginal(int start, int length)
    {
        if (length <= 0) return (_foldedStart.Length == 0 ? 0 : _foldedStart[Math.Min(start, _foldedStart.Length - 1)], 0);
        var s = _foldedStart[start];
        var e = _foldedEnd[start + length - 1];
        return (s, e - s);
    }

    /// <summary>Original span of Lexical[start..start+length).</summary>
    public (int Start, int Length) LexicalToOriginal(int start, int length)
    {
        var fs = _lexicalToFolded[start];
        var fe = _lexicalToFolded[start + length - 1];
        return FoldedToOriginal(fs, fe - fs + 1);
    }

    public int LexicalToFoldedIndex(int lexicalIndex) => _lexicalToFolded[lexicalIndex];

    private int[]? _sentenceStarts;

    /// <summary>
    /// The sentence around Lexical[index], as a range of the lexical view. Sentences end at 。！？!? and line
    /// breaks in the folded text (the lexical view itself has no punctuation left).
    /// </summary>
    public (int Start, int End) LexicalSentence(int index)
    {
        var starts = _sentenceStarts ??= ComputeSentenceStarts();
        var i = Array.BinarySearch(starts, index);
        if (i < 0) i = ~i - 1;
        var start = starts[Math.Max(0, i)];
        var end = i + 1 < starts.Length ? starts[i + 1] : Lexical.Length;
        return (start, end);
    }

    private int[] ComputeSentenceStarts()
    {
        var starts = new List<int> { 0 };
        for (var i = 1; i < Lexical.Length; i++)
        {
            for (var f = _lexicalToFolded[i - 1] + 1; f < _lexicalToFolded[i]; f++)
            {
                if (Folded[f] is '。' or '!' or '?' or '\n' or '．' or '｡')
                {
                    starts.Add(i);
                    break;
                }
            }
        }
        return starts.ToArray();
    }

    public static NormalizedText Create(string original)
    {
        var folded = new StringBuilder(original.Length);
        var starts = new IntBuffer(original.Length);
        var ends = new IntBuffer(original.Length);

        for (var i = 0; i < original.Length;)
        {
            var c = original[i];
            var width = char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
            if (width == 2 || char.IsSurrogate(c))
            {
                // Astral characters (emoji, rare kanji) and lone surrogates pass through unchanged.
                for (var k = 0; k < width; k++) { folded.Append(original[i + k]); starts.Add(i); ends.Add(i + width); }
                i += width;
                continue;
            }

            var mapped = Fold(c);
            if (mapped.Length == 1 && mapped[0] is '\u3099' or '\u309A' && folded.Length > 0)
            {
                // A separate (half-width) voiced sound mark joins the kana before it: ｶﾞ → ガ.
                var composed = char.IsSurrogate(folded[^1]) ? "" : string.Concat(folded[^1], mapped[0]).Normalize(NormalizationForm.FormC);
                if (composed.Length == 1)
                {
                    folded[^1] = composed[0];
                    ends.SetLast(i + 1);
                    i++;
                    continue;
                }
            }
            foreach (var m in mapped) { folded.Append(m); starts.Add(i); ends.Add(i + 1); }
            i++;
        }

        var foldedText = folded.ToString();
        var lexical = new StringBuilder(foldedText.Length);
        var lexToFolded = new IntBuffer(foldedText.Length);
        for (var i = 0; i < foldedText.Length; i++)
        {
            var c = foldedText[i];
            if (IsMask(c)) { lexical.Append(Mask); lexToFolded.Add(i); continue; }
            if (IsIgnorable(c)) continue;
            lexical.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c is '\u30FD' or '\u30FE' ? (char)(c - 0x60) : c);
            lexToFolded.Add(i);
        }

        return new NormalizedText(original, foldedText, starts.ToArray(), ends.ToArray(), lexical.ToString(), lexToFolded.ToArray());
    }

    /// <summary>A growable int array (List&lt;int&gt; without its per-call overhead on the hot path).</summary>
    private struct IntBuffer(int capacity)
    {
        private int[] _items = new int[Math.Max(4, capacity)];
        private int _count;

        public void Add(int value)
        {
            if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[_count++] = value;
        }

        public readonly void SetLast(int value) => _items[_count - 1] = value;

        public readonly int[] ToArray() => _count == _items.Length ? _items : _items.AsSpan(0, _count).ToArray();
    }

    /// <summary>Characters used as 伏せ字 (masks). 〇 (U+3007) is a kanji numeral and is not one.</summary>
    public static bool IsMask(char c) => c is '○' or '◯' or '●' or '×' or '✕' or '✖' or '*' or '■' or '□' or '◆' or '◇' or '☆' or '★' or '△' or '▲' or '◎';

    /// <summary>Spaces, punctuation and symbols that carry no meaning for word matching.</summary>
    public static bool IsIgnorable(char c)
    {
        if (c < 0x80) return !char.IsAsciiLetterOrDigit(c);
        if (c is 'ー' or '々' or '〇' or 'ゝ' or 'ゞ' or 'ヽ' or 'ヾ') return false;
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol or UnicodeCategory.NonSpacingMark => true,
            _ => false,
        };
    }

    // NFKC of single BMP characters, computed once per character on first use.
    private static readonly string?[] FoldCache = new string?[0x10000];

    private static string Fold(char c)
    {
        if (c < 0x80) return AsciiFold[c];
        if (c is >= '\u3040' and <= '\u3098' or >= '\u309D' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF') return Identity(c);
        var cached = FoldCache[c];
        if (cached is not null) return cached;
        var s = c.ToString();
        string folded;
        try { folded = s.Normalize(NormalizationForm.FormKC); }
        catch (ArgumentException) { folded = s; }
        folded = folded.ToLowerInvariant();
        if (c == '\u3000') folded = " ";
        FoldCache[c] = folded;
        return folded;
    }

    private static readonly string[] AsciiFold = Enumerable.Range(0, 128).Select(i => ((char)i).ToString().ToLowerInvariant()).ToArray();
    private static readonly string?[] IdentityCache = new string?[0x10000];
    private static string Identity(char c) => IdentityCache[c] ??= c.ToString();
}
