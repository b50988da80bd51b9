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
    private int[] _foldedStart;
    private int[] _foldedEnd;
    // LexicalToFolded[i]: index in Folded of Lexical[i].
    private int[] _lexicalToFolded;
    private bool _pooled;

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
        if (length <= 0) return (Folded.Length == 0 ? 0 : _foldedStart[Math.Min(start, Folded.Length - 1)], 0);
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

    public static NormalizedText Create(string original) => Create(original, pooled: false);

    /// <summary>
    /// With <paramref name="pooled"/>, the offset maps are rented and must be given back with <see cref="Release"/>
    /// once nothing reads the text any more: the checker does so after each check, which spares the garbage
    /// collector most of what a check allocates (measured in bench/README.md).
    /// </summary>
    internal static NormalizedText Create(string original, bool pooled)
    {
        var n = original.Length;
        var pool = System.Buffers.ArrayPool<int>.Shared;
        var chars = System.Buffers.ArrayPool<char>.Shared;
        var folded = chars.Rent(n + 8);
        var starts = pooled ? pool.Rent(n + 8) : new int[n + 8];
        var ends = pooled ? pool.Rent(n + 8) : new int[n + 8];
        var lexical = chars.Rent(n + 8);
        var lexToFolded = pooled ? pool.Rent(n + 8) : new int[n + 8];
        var fc = 0;
        var lc = 0;

        // One pass: each folded character also goes to the lexical view (kana folded, masks unified, separators dropped).
        void Append(char ch, int start, int end)
        {
            if (fc == folded.Length || fc == starts.Length || lc == lexical.Length)
            {
                // One character can fold to several (㍿ → 株式会社): grow every buffer, from the pool where it came from.
                var size = Math.Max(folded.Length, starts.Length) * 2;
                Grow(ref folded, size, true);
                Grow(ref starts, size, pooled);
                Grow(ref ends, size, pooled);
                Grow(ref lexical, size, true);
                Grow(ref lexToFolded, size, pooled);
            }
            folded[fc] = ch;
            starts[fc] = start;
            ends[fc] = end;
            var info = Info(ch);
            if ((info & MaskChar) != 0) { lexical[lc] = Mask; lexToFolded[lc++] = fc; }
            else if ((info & Ignorable) == 0)
            {
                lexical[lc] = ch is >= '\u30A1' and <= '\u30F6' or '\u30FD' or '\u30FE' ? (char)(ch - 0x60) : ch;
                lexToFolded[lc++] = fc;
            }
            fc++;
        }

        for (var i = 0; i < n;)
        {
            var c = original[i];
            if (char.IsSurrogate(c))
            {
                // Astral characters (emoji, rare kanji) and lone surrogates pass through unchanged.
                var width = char.IsHighSurrogate(c) && i + 1 < n && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
                for (var k = 0; k < width; k++) Append(original[i + k], i, i + width);
                i += width;
                continue;
            }

            var info = Info(c);
            if ((info & Multi) == 0)
            {
                var m = Single[c];
                if (m is '\u3099' or '\u309A' && fc > 0 && !char.IsSurrogate(folded[fc - 1]))
                {
                    // A separate (half-width) voiced sound mark joins the kana before it: ｶﾞ → ガ.
                    var composed = string.Concat(folded[fc - 1], m).Normalize(NormalizationForm.FormC);
                    if (composed.Length == 1)
                    {
                        folded[fc - 1] = composed[0];
                        ends[fc - 1] = i + 1;
                        // Re-derive the lexical character of the composed kana (ｶ+ﾞ → ガ → が).
                        if (lc > 0 && lexToFolded[lc - 1] == fc - 1)
                        {
                            var ch = composed[0];
                            lexical[lc - 1] = ch is >= '\u30A1' and <= '\u30F6' or '\u30FD' or '\u30FE' ? (char)(ch - 0x60) : ch;
                        }
                        i++;
                        continue;
                    }
                }
                Append(m, i, i + 1);
            }
            else
            {
                foreach (var m in FoldCache[c]!) Append(m, i, i + 1);
            }
            i++;
        }

        var foldedText = new string(folded, 0, fc);
        var lexicalText = new string(lexical, 0, lc);
        chars.Return(folded);
        chars.Return(lexical);

        // The maps may be longer than the views; only the first Folded.Length / Lexical.Length entries are used.
        return new NormalizedText(original, foldedText, starts, ends, lexicalText, lexToFolded) { _pooled = pooled };
    }

    private static void Grow<T>(ref T[] array, int size, bool pooled)
    {
        if (array.Length >= size) return;
        var bigger = pooled ? System.Buffers.ArrayPool<T>.Shared.Rent(size) : new T[size];
        array.CopyTo(bigger, 0);
        if (pooled) System.Buffers.ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }

    /// <summary>Gives rented offset maps back (see <see cref="Create(string, bool)"/>); the text is unusable afterwards.</summary>
    internal void Release()
    {
        if (!_pooled) return;
        _pooled = false;
        System.Buffers.ArrayPool<int>.Shared.Return(_foldedStart);
        System.Buffers.ArrayPool<int>.Shared.Return(_foldedEnd);
        System.Buffers.ArrayPool<int>.Shared.Return(_lexicalToFolded);
        _foldedStart = _foldedEnd = _lexicalToFolded = [];
    }

    // Per BMP character, computed once on first sight (a race only writes the same values twice):
    // how it folds (one character in Single, or several in FoldCache) and how the lexical view treats it.
    private const byte Known = 1, Multi = 2, Ignorable = 4, MaskChar = 8;
    private static readonly byte[] Kind = new byte[0x10000];
    private static readonly char[] Single = new char[0x10000];

    private static byte Info(char c)
    {
        var k = Volatile.Read(ref Kind[c]);
        if (k != 0) return k;
        var folded = Fold(c);
        k = Known;
        if (folded.Length == 1) Single[c] = folded[0];
        else { k |= Multi; FoldCache[c] = folded; }
        if (IsMask(c)) k |= MaskChar;
        else if (IsIgnorable(c)) k |= Ignorable;
        Volatile.Write(ref Kind[c], k);
        return k;
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
