using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Koho.Watch;

/// <summary>
/// The text forms handles are compared in, from strict to loose:
/// <list type="bullet">
/// <item><see cref="Clean"/>: NFKC (full-width → ASCII, 𝐦 → m), without spaces and invisible format characters,
/// lone surrogates replaced. Case kept: what the account is shown as.</item>
/// <item>Plain (Clean, lower case): identity. Two handles are the same account only when this is equal.</item>
/// <item><see cref="Bare"/>: Plain without the separators _ - . (what explanations are diffed on).</item>
/// <item><see cref="Compact"/>: Bare with other scripts' look-alike letters (Cyrillic а, Greek ο …) and accented
/// letters (é, ł …) turned into the Latin letter they look like. Same length as Bare, index for index.</item>
/// <item><see cref="Skeleton"/>: Compact with the digit/letter confusions folded (0→o; 1, i → l; 5→s) and then
/// rn→m, vv→w, cl→d. Two handles with the same skeleton look alike.</item>
/// </list>
/// The tables are hand-written (a small subset of Unicode's confusables.txt: the characters that pass for Latin
/// letters in a handle at the sizes SNS apps show them), because the base library has no skeleton function.
/// </summary>
internal static class Confusables
{
    // Capitals that must be mapped before lower-casing, because their small letter looks like something else
    // (Greek Η → η looks like n, Ν → ν like v, Μ → μ like u, Υ → υ like u).
    private static readonly FrozenDictionary<char, char> Capitals = new Dictionary<char, char>
    {
        ['Η'] = 'h', ['Ν'] = 'n', ['Μ'] = 'm', ['Υ'] = 'y',
    }.ToFrozenDictionary();

    // Small letters (and small forms of capitals whose capital passes for Latin, e.g. Cyrillic Н → н → h), other
    // scripts and Latin look-alikes without a decomposition.
    private static readonly FrozenDictionary<char, char> Letters = new Dictionary<char, char>
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['ь'] = 'b', ['с'] = 'c', ['ԁ'] = 'd', ['е'] = 'e', ['ё'] = 'e', ['һ'] = 'h', ['н'] = 'h',
        ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['к'] = 'k', ['ӏ'] = 'l', ['м'] = 'm', ['п'] = 'n', ['о'] = 'o', ['р'] = 'p',
        ['ԛ'] = 'q', ['г'] = 'r', ['ѕ'] = 's', ['т'] = 't', ['ԝ'] = 'w', ['х'] = 'x', ['у'] = 'y', ['ү'] = 'y',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ϲ'] = 'c', ['ς'] = 'c', // NFKC turns lunate ϲ into ς
         ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['ϳ'] = 'j', ['κ'] = 'k', ['ν'] = 'v',
        ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u', ['μ'] = 'u', ['ω'] = 'w', ['χ'] = 'x', ['γ'] = 'y', ['ζ'] = 'z',
        // Latin letters that don't decompose to ASCII
        ['ı'] = 'i', ['ȷ'] = 'j', ['ɑ'] = 'a', ['ɡ'] = 'g', ['ɩ'] = 'i', ['ł'] = 'l', ['ŀ'] = 'l', ['ø'] = 'o', ['đ'] = 'd',
        ['ħ'] = 'h', ['ɪ'] = 'i', ['ʏ'] = 'y', ['ᴏ'] = 'o', ['ᴄ'] = 'c', ['ᴠ'] = 'v', ['ᴡ'] = 'w', ['ᴢ'] = 'z', ['ǀ'] = 'l',
    }.ToFrozenDictionary();

    /// <summary>The separators that platforms allow in handles and people don't see as part of the name.</summary>
    public static bool IsSeparator(char c) => c is '_' or '-' or '.';

    /// <summary>Replaces lone surrogates (which make Normalize throw) with U+FFFD.</summary>
    public static string Sanitize(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            var chars = text.ToCharArray();
            for (var j = i; j < chars.Length; j++)
            {
                if (char.IsHighSurrogate(chars[j]) && j + 1 < chars.Length && char.IsLowSurrogate(chars[j + 1])) { j++; continue; }
                if (char.IsSurrogate(chars[j])) chars[j] = '\uFFFD';
            }
            return new string(chars);
        }
        return text;
    }

    /// <summary>NFKC without white space and invisible format characters (zero-width space, joiners, BOM …).</summary>
    public static string Clean(string text)
    {
        var s = Sanitize(text).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Lower-case <paramref name="clean"/> without separators.</summary>
    public static string Bare(string clean)
    {
        var sb = new StringBuilder(clean.Length);
        foreach (var c in clean)
            if (!IsSeparator(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary><see cref="Bare"/> with look-alike letters of other scripts and accented letters made Latin.</summary>
    public static string Compact(string clean)
    {
        var sb = new StringBuilder(clean.Length);
        foreach (var c in clean)
            if (!IsSeparator(c)) sb.Append(FoldScript(c));
        return sb.ToString();
    }

    /// <summary>The Latin letter <paramref name="c"/> passes for (lower case), or <paramref name="c"/> lower-cased.</summary>
    public static char FoldScript(char c)
    {
        if (Capitals.TryGetValue(c, out var capital)) return capital;
        var lower = char.ToLowerInvariant(c);
        if (lower < 0x80) return lower;
        if (Letters.TryGetValue(lower, out var latin)) return latin;
        if (char.IsLetter(lower) && !char.IsSurrogate(lower))
        {
            // é → e, ö → o: the base letter of a canonical decomposition, when it is ASCII.
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length > 1 && decomposed[0] < 0x80 && char.IsLetter(decomposed[0])) return decomposed[0];
        }
        return lower;
    }

    /// <summary>The length-keeping part of the skeleton: digits and letters that are swapped for each other.</summary>
    public static char FoldDigit(char c) => c switch
    {
        '0' => 'o',
        '1' or 'i' or '|' or '!' => 'l',
        '5' => 's',
        _ => c,
    };

    /// <summary><see cref="FoldDigit"/> over a whole string.</summary>
    public static string FoldDigits(string compact) => string.Create(compact.Length, compact, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++) span[i] = FoldDigit(s[i]);
    });

    /// <summary>The skeleton of a <see cref="Compact"/> form: <see cref="FoldDigit"/>, then rn→m, vv→w, cl→d.</summary>
    public static string Skeleton(string compact)
    {
        var sb = new StringBuilder(compact.Length);
        for (var i = 0; i < compact.Length; i++)
        {
            var c = FoldDigit(compact[i]);
            if (i + 1 < compact.Length)
            {
                var next = FoldDigit(compact[i + 1]);
                var pair = (c, next) switch
                {
                    ('r', 'n') => 'm',
                    ('v', 'v') => 'w',
                    ('c', 'l') => 'd',
                    _ => '\0',
                };
                if (pair != '\0') { sb.Append(pair); i++; continue; }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Skeleton of any text (handle or word): <see cref="Clean"/> → <see cref="Compact"/> → <see cref="Skeleton(string)"/>.</summary>
    public static string SkeletonOf(string text) => Skeleton(Compact(Clean(text)));

    /// <summary>For explanations: which script a non-ASCII character belongs to (Japanese), or null.</summary>
    public static string? ScriptName(char c) => c switch
    {
        >= '\u0400' and <= '\u052F' => "キリル文字",
        >= '\u0370' and <= '\u03FF' => "ギリシャ文字",
        < '\u0080' => null,
        _ => "似た形の文字",
    };
}
