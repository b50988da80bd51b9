using System.Text.RegularExpressions;
using Koho.Checks.Text;

namespace Koho.Checks.PrivateUse;

/// <summary>Where the disclaimer is in the profile: UTF-16 offsets into the original text.</summary>
public sealed record DisclaimerMatch(int Start, int Length);

/// <summary>
/// Whether a profile carries a disclaimer (免責文) like the guideline's example — 「投稿内容は私個人の意見であり、武蔵野市及び
/// 所属部署の見解を代表するものではありません」 (Musashino 3.2(3)), Chiyoda 6(2) likewise with 見解. Found are the example itself,
/// whatever its spacing, width, quotes or punctuation, and wording with the same two parts close together: that the posts
/// are the writer's own view (個人の意見, 私見 …), and that they do not represent, or are unrelated to, the organisation
/// (代表するものではありません, 公式見解ではありません, 所属組織とは一切関係ありません, 無関係です …); also the usual English
/// ("views are my own", "do not represent my employer"). Either Japanese part alone is not a disclaimer: 「個人の意見です」
/// says nothing of the employer, and 「見解を代表するものではありません」 says nothing of whose view it is.
/// </summary>
public static class DisclaimerDetector
{
    // How far apart (characters of the lexical view) the two parts may be: one sentence or the next, not anywhere in the profile.
    private const int MaxGap = 60;

    // The patterns run on the lexical view: width and case folded, katakana as hiragana, no spaces, punctuation or symbols.
    private static readonly Regex Personal = new(
        "(私|わたし|わたくし|自分|筆者|僕|ぼく)?一?個人(として)?(の|的な|的)?(意見|見解|考え|発言|発信|見方|感想|立場|投稿|つぶやき|もの)" +
        "|私見|私的(な)?(意見|見解|発言|発信|投稿)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex NotOrganisation = new(
        "(代表|代弁|反映|表明|示|表)(する|している|した|す|される)?ものでは(ありません|ございません|ないです|ない)" +
        "|代表(しません|していません|していない|しない)" +
        "|(見解|意見|立場|考え)では(ありません|ございません|ないです|ない)" +
        "|(見解|意見|立場|考え)とは(異なる|異なります|限りません|限らない|一致しない)" +
        "|と(は|も)?(一切|全く|まったく|何ら|なんら)?(の)?(関係|関連|関わり|かかわり)(が|は|も)?(ありません|ございません|ないです|ない|無い|なく)" +
        "|無関係",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // English in the lexical view has no spaces: "views are my own" is viewsaremyown. Each form says both parts at once.
    private static readonly Regex English = new(
        "(views|opinions|thoughts|tweets|posts)(expressed)?(here)?(are|is)?(all|strictly|solely)?(myown|mine)" +
        "|myown(views|opinions|thoughts)" +
        "|(donot|dont|doesnot|doesnt)(necessarily)?(represent|reflect)(the)?(views|opinions|position)?(of)?(my|the)?" +
        "(employer|organi[sz]ation|office|city|government|department|workplace|company)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>
    /// The disclaimer in <paramref name="profile"/>, or null. <paramref name="example"/> is the pack's example wording
    /// (privateUse.disclaimer.example); null or blank means the pack has none, and then only the meaning is looked for.
    /// </summary>
    public static DisclaimerMatch? Find(string profile, string? example)
    {
        if (string.IsNullOrWhiteSpace(profile)) return null;
        var normalized = NormalizedText.Create(profile);
        var compact = normalized.Lexical;
        DisclaimerMatch At(int start, int length)
        {
            var (s, l) = normalized.LexicalToOriginal(start, length);
            return new DisclaimerMatch(s, l);
        }

        if (!string.IsNullOrWhiteSpace(example))
        {
            // The example folded the same way, so that width, spaces, quotes and punctuation do not matter.
            var wanted = NormalizedText.Create(example).Lexical;
            if (wanted.Length > 0 && compact.IndexOf(wanted, StringComparison.Ordinal) is var i and >= 0) return At(i, wanted.Length);
        }

        // The two parts in either order, close together and not overlapping (「個人の意見ではない」 is no disclaimer).
        var negations = Matches(NotOrganisation, compact);
        (int Start, int End)? best = null;
        if (negations.Count > 0)
        {
            foreach (var p in Matches(Personal, compact))
                foreach (var n in negations)
                {
                    var gap = n.Index >= p.Index ? n.Index - (p.Index + p.Length) : p.Index - (n.Index + n.Length);
                    if (gap < 0 || gap > MaxGap) continue;
                    var span = (Start: Math.Min(p.Index, n.Index), End: Math.Max(p.Index + p.Length, n.Index + n.Length));
                    if (best is null || span.Start < best.Value.Start) best = span;
                    break; // the first negation near this personal part will do
                }
        }
        if (best is { } b) return At(b.Start, b.End - b.Start);
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
