using System.Globalization;
using System.Text;

namespace Koho.Watch;

/// <summary>
/// A display name in the forms it is compared in. <see cref="Loose"/>: NFKC, lower case, no spaces (equal means
/// "the same display name"). <see cref="Letters"/>: only letters and digits (no brackets, emoji, ✅, punctuation).
/// <see cref="Key"/>: Letters without 公式/official/アカウント and with look-alike letters made Latin (equal means
/// "the same name dressed up").
/// </summary>
internal sealed record DisplayForms(string Clean, string Spaced, string Loose, string Letters, string Key)
{
    public const int MinimumKeyLength = 2;

    private static readonly string[] Decorations = ["公式アカウント", "公式", "アカウント", "officialaccount", "official", "account"];

    public static DisplayForms Of(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName)) return new DisplayForms("", "", "", "", "");
        var spaced = Confusables.Sanitize(displayName).Normalize(NormalizationForm.FormKC);
        var clean = Confusables.Clean(displayName);
        var loose = clean.ToLowerInvariant();
        var letters = LettersOf(clean);
        var key = letters;
        foreach (var d in Decorations) key = key.Replace(d, "", StringComparison.Ordinal);
        var folded = new StringBuilder(key.Length);
        foreach (var c in key) folded.Append(Confusables.FoldScript(c));
        return new DisplayForms(clean, spaced, loose, letters, folded.ToString());
    }

    /// <summary>Lower-case letters and digits only (kanji and kana are letters).</summary>
    public static string LettersOf(string clean)
    {
        var sb = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            var cat = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || cat is UnicodeCategory.LetterNumber) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
