using System.Text.RegularExpressions;
using Koho.Checks.Text;

namespace Koho.Checks.PrivateUse;

/// <summary>
/// One place where a private post speaks of the municipality or the writer's work. <see cref="Start"/> and
/// <see cref="Length"/> are UTF-16 offsets into the original text; <see cref="Reason"/> says why, in Japanese.
/// </summary>
public sealed record WorkMention(int Start, int Length, string Reason);

/// <summary>
/// Whether a private post is about the writer's work or the municipality — the case in which the guidelines ask for a
/// disclaimer in the profile (Musashino 3.2(3): 自身の職務内容や、市行政に関する意見や見解を公開する場合; Chiyoda 6(2)).
/// Counted: the own municipality's name; its offices and bodies written with its kind (市役所, 市政, 市長, 市議会, 市職員,
/// 市の施策 … for a 市; 区役所, 区政 … for a 区); 本市 / 当市 / うちの市; 役所 and 役場 on their own; and phrases about one's
/// own workplace (職場, 仕事で関わった, 業務で, うちの課, 担当課, 所属部署 …). Not counted: another place's offices
/// (三鷹市役所, ニューヨーク市長, 区役所 for a 市's staff), the region the name comes from (武蔵野 alone: 武蔵野線,
/// 武蔵野台地), and ordinary words that contain these characters (都市政策, 日本市場, 職場体験, 業務スーパー, 職務質問).
/// The answer only prompts a look at the profile, so the patterns are written out for a reviewer to read rather than learned.
/// </summary>
public static class WorkRelation
{
    public const string NameReason = "自治体名";
    public const string OfficeReason = "自治体の組織・行政への言及";
    public const string WorkReason = "職場・仕事への言及";

    // Bodies and offices of a municipality, written with its kind. The kind found is compared with the own kind afterwards
    // (one pattern for all four). Longer alternatives first: the engine keeps the first that matches at a place.
    private static readonly Regex Office = new(
        "[市区町村](役所|役場|政|長|議会|議員|議|職員|庁舎|当局" +
        "|の(施策|政策|事業|方針|予算|計画|財政|条例|制度|対応|取り組み|取組み|取組|職員|見解|決定|窓口|仕事))",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // "Our municipality" (本市 is how an official text says 武蔵野市 of itself).
    private static readonly Regex Own = new("(本|当|我が|わが|うちの)[市区町村]", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // 役所, 役場, 庁舎 and 庁内 with no kind or place in front: for a municipal employee these are their own workplace.
    private static readonly Regex Townhall = new("役所|役場|庁舎|庁内", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // One's own work. Group 1 is what is marked. 仕事で counts only with a verb of taking part (仕事で担当した, 仕事で関わった):
    // 仕事で疲れた or 夫が仕事で遅い says nothing about the work. 業務 only with what makes it one's duty (業務スーパー, 業務用
    // are shops and goods), 職場 not in 職場体験 (a school programme), 職務 not in 職務質問 (a police stop).
    private static readonly Regex Work = new(
        "(仕事で)(関わ|かかわ|携わ|たずさわ|担当|準備|対応|企画|作成|作っ|扱っ|扱う|知っ|知り|聞い|訪れ|訪問|伺|お世話|ご一緒)" +
        "|((私|わたし|自分|僕|ぼく|俺)の(仕事|職場|業務|担当|部署|課|所属))" +
        "|(仕事柄)" +
        "|(職場)(?:[^体見]|$)" +
        "|(勤務先|勤め先|勤務中)" +
        "|(職務)(?:[^質]|$)" +
        "|((担当|所管|通常|日常)?業務)(で|上|中|時間|内容|として|の一環|に関|について)" +
        "|(うちの(課|部署|係|局|職場|役所|役場|庁舎|上司|所属)|隣の(課|係|部署)|課内)" +
        "|(うちの部)(署|長|で|は|の|が|に|も|内)" + // not うちの部活, うちの部員 (a club)
        "|(担当課|担当部署|担当係|担当部局|所属課|所属部署|所属部局|所属先|所属長)" +
        "|(担当(している|してる|していた|してた))" +
        // The counter seen from behind it: a customer goes to (行く) a 窓口, staff see people come (来る) to it.
        "|(窓口(に来た|に来る|に来て|に来られ|対応|業務|当番|担当|をやって|やって))" +
        "|((職員|公務員)(として|です|でした|なので|だから|の私|をして|をやって|になって|歴))",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // A kanji written before an office word that does not make it another place's: 副市長, 前市長, 新庁舎.
    private const string OwnPrefixes = "副前元現新旧本当";
    // Municipalities whose names end in hiragana: before 市/区/町/村 they make another place's office (さいたま市長), where
    // any other hiragana ends a phrase (うちの市長, 話じゃなくて市政). Listed because no rule tells a name from a particle.
    private static readonly string[] HiraganaNames =
    [
        "さいたま", "つくば", "つくばみらい", "いわき", "ひたちなか", "かすみがうら", "みどり", "むつ", "つがる", "にかほ", "うるま",
        "えびの", "たつの", "いすみ", "かほく", "あわら", "うきは", "みやま", "いなべ", "みよし", "あま", "ときがわ", "みなかみ",
        "おいらせ", "むかわ", "みなべ", "かつらぎ", "ひだか",
    ];

    public static IReadOnlyList<WorkMention> Find(string text, string municipality)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var normalized = NormalizedText.Create(text);
        var folded = normalized.Folded;
        var name = LocalName(municipality);
        // The municipality's kind from the last character of its name: 武蔵野市 → 市, 千代田区 → 区, 大泉町 → 町.
        var kind = name.Length > 1 && name[^1] is '市' or '区' or '町' or '村' ? name[^1] : '\0';
        var stem = kind != '\0' ? name[..^1] : "";
        var candidates = new List<(int Start, int Length, string Reason)>();

        if (name.Length > 0)
            for (var i = folded.IndexOf(name, StringComparison.Ordinal); i >= 0; i = folded.IndexOf(name, i + name.Length, StringComparison.Ordinal))
                candidates.Add((i, name.Length, $"{NameReason}（{name}）"));

        if (kind != '\0')
        {
            foreach (var m in Office.EnumerateMatches(folded))
            {
                if (folded[m.Index] != kind) continue;
                var end = m.Index + m.Length;
                if (folded[m.Index + 1] == '長' && end < folded.Length && folded[end] == '期') continue; // 市長期計画: 長期, not 市長
                if (folded[m.Index + 1] == '政' && end < folded.Length && folded[end] == '策') continue; // 市政策 reads 市・政策
                var start = m.Index;
                // 武蔵野市長: the name and the office are one mention (the name without its kind, then the office word).
                if (stem.Length > 0 && start >= stem.Length && folded.AsSpan(start - stem.Length, stem.Length).SequenceEqual(stem)) start -= stem.Length;
                else if (!StandsAlone(folded, start)) continue; // 三鷹市長, 都市政策, 夜市の計画
                else if (start > 0 && OwnPrefixes.Contains(folded[start - 1])) start--; // 副市長 as one word
                candidates.Add((start, end - start, $"{OfficeReason}（{folded[start..end]}）"));
            }
            foreach (var m in Own.EnumerateMatches(folded))
            {
                var end = m.Index + m.Length;
                if (folded[end - 1] != kind) continue;
                if (folded[m.Index] is '本' or '当')
                {
                    if (!StandsAlone(folded, m.Index)) continue; // 日本市場, 相当町
                    if (end < folded.Length && IsPlaceNameContinuation(folded, end)) continue; // 本町通り, 本町2丁目, 本市場
                }
                candidates.Add((m.Index, m.Length, $"{OfficeReason}（{folded.Substring(m.Index, m.Length)}）"));
            }
        }

        foreach (var m in Townhall.EnumerateMatches(folded))
        {
            // Another kind (区役所 for a 市's staff) or a place (三鷹市役所, 県庁舎) in front makes it someone else's office;
            // 新庁舎 and 本庁舎 are the own one's.
            var start = m.Index;
            if (start > 0 && IsNameChar(folded[start - 1]))
            {
                if (!OwnPrefixes.Contains(folded[start - 1]) || start > 1 && IsNameChar(folded[start - 2])) continue;
                start--;
            }
            candidates.Add((start, m.Index + m.Length - start, $"{OfficeReason}（{folded[start..(m.Index + m.Length)]}）"));
        }

        foreach (Match m in Work.Matches(folded))
        {
            var g = m.Groups.Cast<Group>().Skip(1).First(x => x.Success); // the first group that took part is the marked phrase
            candidates.Add((g.Index, g.Length, $"{WorkReason}（{g.Value}）"));
        }

        // One mention per place: overlapping candidates (本市 and 市の施策, 武蔵野市 and 武蔵野市長) become one mention over both,
        // named after the longest of them.
        candidates.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var found = new List<WorkMention>();
        for (var i = 0; i < candidates.Count;)
        {
            var (start, length, reason) = candidates[i];
            var end = start + length;
            var kindOf = reason[..reason.IndexOf('（')];
            for (i++; i < candidates.Count && candidates[i].Start < end; i++)
            {
                if (candidates[i].Length > length) (length, kindOf) = (candidates[i].Length, candidates[i].Reason[..candidates[i].Reason.IndexOf('（')]);
                end = Math.Max(end, candidates[i].Start + candidates[i].Length);
            }
            var (s, l) = normalized.FoldedToOriginal(start, end - start);
            found.Add(new WorkMention(s, l, $"{kindOf}（{(kindOf == NameReason ? name : folded[start..end])}）"));
        }
        return found;
    }

    /// <summary>
    /// The name as written in a post: folded like the text, without spaces, and without a prefecture or district in front
    /// (東京都武蔵野市 → 武蔵野市, 群馬県邑楽郡大泉町 → 大泉町), since nobody writes those in a post about their town.
    /// </summary>
    internal static string LocalName(string? municipality)
    {
        var name = string.Concat(NormalizedText.Create(municipality ?? "").Folded.Where(c => !char.IsWhiteSpace(c)));
        var m = Prefix.Match(name);
        var rest = name[m.Length..];
        return m.Length > 0 && rest.Length >= 2 && rest[^1] is '市' or '区' or '町' or '村' ? rest : name;
    }

    private static readonly Regex Prefix = new("^(東京都|北海道|京都府|大阪府|[^都道府県郡]{2,3}県)?([^都道府県郡]{1,4}郡)?",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>Whether the word at <paramref name="index"/> is not the tail of a longer name or word.</summary>
    private static bool StandsAlone(string folded, int index)
    {
        if (index == 0) return true;
        var before = folded[index - 1];
        if (OwnPrefixes.Contains(before)) return index == 1 || !IsNameChar(folded[index - 2]); // 副市長 yes; 三鷹副市長 no
        if (before is >= '\u3041' and <= '\u3096') return !HiraganaNames.Any(n => folded.AsSpan(0, index).EndsWith(n, StringComparison.Ordinal));
        return !IsNameChar(before);
    }

    /// <summary>Characters that make up place and organisation names: kanji, katakana, Latin letters.</summary>
    private static bool IsNameChar(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF' or '々' or '〆' or 'ヶ' or 'ケ'
            or >= '\u30A1' and <= '\u30FA' or 'ー' or >= 'a' and <= 'z';

    private static bool IsPlaceNameContinuation(string folded, int index) =>
        folded[index] is '通' or '駅' or '場' or '商' or '丁' or '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九'
            || char.IsAsciiDigit(folded[index]);
}
