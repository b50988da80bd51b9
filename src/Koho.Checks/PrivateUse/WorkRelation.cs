using System.Text.RegularExpressions;
using Koho.Checks.Text;

namespace Koho.Checks.PrivateUse;

/// <summary>Where a private post speaks of the municipality or the writer's work: UTF-16 offsets into the original text.</summary>
public sealed record WorkMention(int Start, int Length, string Reason);

/// <summary>
/// Whether a private post is about the writer's work or the municipality — the case in which the guidelines ask for a
/// disclaimer in the profile (Musashino 3.2(3): 自身の職務内容や、市行政に関する意見や見解を公開する場合) and for extra care
/// (3.2(4)). Only the own municipality and phrases about one's own workplace count: another town's 市役所 or 市長 does not.
/// </summary>
public static class WorkRelation
{
    // Phrases about one's own work (the folded view: NFKC, ASCII lower case). Written out rather than learned: the
    // answer only prompts a check of the profile, and a reviewer can read every phrase here.
    private static readonly Regex Workplace = new(
        "仕事で(関わ|かかわ|携わ|担当|準備|対応)|業務で|業務上|職務|職場|勤務先|うちの(課|部署|係|役所|役場)|担当課|担当部署|所属(課|部署|先)|庁内" +
        "|(職員|公務員)(として|です|でした|なので|の私|をして|をやって)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // Offices and bodies of a municipality, written with its kind (市 / 区 / 町 / 村) in front; counted only when no other
    // place name stands right before them (三鷹市長 is someone else's mayor).
    private static readonly string[] OfficeWords = ["役所", "役場", "政", "長", "議会", "職員"];

    public static IReadOnlyList<WorkMention> Find(string text, string municipality)
    {
        var found = new List<WorkMention>();
        if (string.IsNullOrEmpty(text)) return found;
        var normalized = NormalizedText.Create(text);
        var folded = normalized.Folded;
        var name = NormalizedText.Create(municipality ?? "").Folded;

        void Add(int start, int length, string reason)
        {
            var (s, l) = normalized.FoldedToOriginal(start, length);
            if (found.Any(f => s < f.Start + f.Length && f.Start < s + l)) return; // one mention per place
            found.Add(new WorkMention(s, l, reason));
        }

        if (name.Length > 0)
            for (var i = folded.IndexOf(name, StringComparison.Ordinal); i >= 0; i = folded.IndexOf(name, i + name.Length, StringComparison.Ordinal))
                Add(i, name.Length, $"自治体名（{municipality}）");

        // The municipality's kind, from the last character of its name: 武蔵野市 → 市, 千代田区 → 区, 大泉町 → 町.
        if (name.Length > 0 && name[^1] is '市' or '区' or '町' or '村')
        {
            var kind = name[^1];
            foreach (var word in OfficeWords.Select(w => kind + w).Append("本" + kind).Append("当" + kind))
            {
                for (var i = folded.IndexOf(word, StringComparison.Ordinal); i >= 0; i = folded.IndexOf(word, i + 1, StringComparison.Ordinal))
                {
                    // A place name right before (三鷹市長, 都市政策, 日本市場) makes it another body or another word.
                    if (i > 0 && IsIdeograph(folded[i - 1]) && !EndsWithName(folded, i, name)) continue;
                    Add(i, word.Length, $"自治体の組織・行政への言及（{word}）");
                }
            }
        }

        foreach (var m in Workplace.EnumerateMatches(folded))
            Add(m.Index, m.Length, $"職場・仕事への言及（{folded.Substring(m.Index, m.Length)}）");

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static bool EndsWithName(string folded, int index, string name) =>
        index >= name.Length - 1 && folded.AsSpan(0, index).EndsWith(name.AsSpan(0, name.Length - 1), StringComparison.Ordinal);

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or '々' or 'ヶ';
}
