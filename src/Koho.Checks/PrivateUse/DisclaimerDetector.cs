using System.Text.RegularExpressions;
using Koho.Checks.Text;

namespace Koho.Checks.PrivateUse;

/// <summary>Where the disclaimer is in the profile: UTF-16 offsets into the original text.</summary>
public sealed record DisclaimerMatch(int Start, int Length);

/// <summary>
/// Whether a profile carries a disclaimer (免責文) like the guideline's example — 「投稿内容は私個人の意見であり、武蔵野市及び
/// 所属部署の見解を代表するものではありません」 (Musashino 3.2(3)), Chiyoda 6(2) likewise: the example itself, whatever its
/// spacing, width or quotes, or wording with the same two parts — that the posts are the writer's own view, and that they
/// do not represent (or are unrelated to) the organisation. Either part alone is not a disclaimer.
/// </summary>
public static class DisclaimerDetector
{
    // How far apart (in the lexical view) the two parts may be.
    private const int MaxGap = 60;

    private static readonly Regex Personal = new(
        "(私|わたし|わたくし|自分|筆者)?(個人|私的)(の|的な)?(意見|見解|考え|発言|見方|感想|立場)|私見",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex NotOrganisation = new(
        "代表(する|している)?ものではありません|代表(する|している)?ものではない|代表しません|代表していません|代表するものでは(ございません|ありません)" +
        "|(見解|意見|立場)ではありません|(見解|意見|立場)ではない|(見解|意見|立場)を示すものではありません|(見解|意見)とは(異なる|異なります|限りません)" +
        "|(とは|と)(一切|全く|まったく)?(関係|関連)(が|は)?(ありません|ない|ございません|しません)|(とは|と)?(一切|全く)?無関係" +
        "|(代弁|代表)するものではありません",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex English = new(
        "(views|opinions|thoughts|tweets|posts)(expressed)?(here)?(are|aremy|=)?(my|mine)own|myown(views|opinions)|(views|opinions)aremine" +
        "|(donot|dont|doesnot|doesnt)(necessarily)?(represent|reflect)(the)?(views|opinions|position)?(of)?(my|the)?(employer|organi[sz]ation|office|city|government)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static DisclaimerMatch? Find(string profile, string? example)
    {
        if (string.IsNullOrWhiteSpace(profile)) return null;
        // The lexical view: width and case folded, katakana as hiragana, no spaces, punctuation or symbols.
        var normalized = NormalizedText.Create(profile);
        var compact = normalized.Lexical;
        DisclaimerMatch? At(int start, int length)
        {
            var (s, l) = normalized.LexicalToOriginal(start, length);
            return new DisclaimerMatch(s, l);
        }

        if (!string.IsNullOrWhiteSpace(example))
        {
            var wanted = NormalizedText.Create(example).Lexical;
            if (wanted.Length > 0 && compact.IndexOf(wanted, StringComparison.Ordinal) is var i and >= 0) return At(i, wanted.Length);
        }

        // The two parts in either order, close together (one sentence or the next).
        var personal = Matches(Personal, compact);
        var negations = Matches(NotOrganisation, compact);
        foreach (var p in personal)
            foreach (var n in negations)
            {
                var start = Math.Min(p.Index, n.Index);
                var end = Math.Max(p.Index + p.Length, n.Index + n.Length);
                var gap = n.Index >= p.Index ? n.Index - (p.Index + p.Length) : p.Index - (n.Index + n.Length);
                if (gap >= 0 && gap <= MaxGap) return At(start, end - start);
            }
        foreach (var m in English.EnumerateMatches(compact)) return At(m.Index, m.Length);
        return null;
    }

    private static List<(int Index, int Length)> Matches(Regex regex, string text)
    {
        var list = new List<(int, int)>();
        foreach (var m in regex.EnumerateMatches(text)) list.Add((m.Index, m.Length));
        return list;
    }
}
