namespace Koho.Watch;

/// <summary>
/// A handle with words such as official, jp, koho or a number taken off its ends: the core, and what was taken off
/// (as written in the handle, and canonical). "musashino_city_official" has the cores musashinocityofficial (nothing
/// off), musashinocity (official) and musashino (city, official).
/// </summary>
internal sealed record Core(string Compact, string Skeleton, IReadOnlyList<string> Written, IReadOnlyList<string> Keys, IReadOnlyList<int> Positions);

internal static class Affixes
{
    /// <summary>
    /// Words that impersonators add to (or swap on) an official handle to look official, and that the register's own
    /// handles carry (musashino_city, …_official, …ch on YouTube). Japanese ones for the platforms that allow them.
    /// </summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "official", "offical", "officials", "koho", "kouhou", "kohou", "info", "pr", "city", "shi", "staff", "jp", "japan",
        "gov", "govt", "news", "real", "the", "ch", "channel", "tv", "bot", "account", "sns", "team", "media", "support",
        "公式", "広報", "市役所", "役所",
    ];

    // The words' compact forms, longest first so that "official" is taken before "offical" could half-match.
    private static readonly string[] Compacts = Words.Select(w => Confusables.Compact(Confusables.Clean(w)))
        .Distinct().OrderByDescending(w => w.Length).ToArray();

    private static readonly HashSet<string> CompactSet = [.. Compacts];

    /// <summary>A core must keep at least this many skeleton characters: shorter ones match too much.</summary>
    public const int MinimumCoreLength = 4;

    private const int MaximumStrips = 3;

    /// <summary>Whether <paramref name="compact"/> is itself one of the affix words (a generic word, no name).</summary>
    public static bool IsAffixWord(string compact) => CompactSet.Contains(compact);

    /// <summary>
    /// Every core of <paramref name="compact"/> (the whole included, with nothing taken off), taking off up to three
    /// affix words or digit runs from either end. An affix is recognised through digit swaps too (0fficial).
    /// </summary>
    public static List<Core> Cores(string compact)
    {
        var result = new List<Core>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Offset: where Text starts in the whole handle, so that affixes can be shown in the handle's order.
        var queue = new Queue<(string Text, int Offset, List<string> Written, List<string> Keys, List<int> Positions)>();
        queue.Enqueue((compact, 0, [], [], []));
        seen.Add(compact);
        while (queue.Count > 0)
        {
            var (text, offset, written, keys, positions) = queue.Dequeue();
            var skeleton = Confusables.Skeleton(text);
            if (skeleton.Length >= MinimumCoreLength && !IsAffixWord(text) && text.Any(char.IsLetter))
                result.Add(new Core(text, skeleton, written, keys, positions));
            if (written.Count >= MaximumStrips) continue;

            foreach (var (rest, piece, key, atStart) in Strips(text))
            {
                if (Confusables.Skeleton(rest).Length < MinimumCoreLength || !seen.Add(rest)) continue;
                var position = atStart ? offset : offset + rest.Length;
                queue.Enqueue((rest, atStart ? offset + piece.Length : offset, [.. written, piece], [.. keys, key], [.. positions, position]));
            }
        }
        return result;
    }

    private static IEnumerable<(string Remainder, string Piece, string Key, bool AtStart)> Strips(string text)
    {
        foreach (var word in Compacts)
        {
            if (text.Length <= word.Length) continue;
            if (MatchesAt(text, 0, word)) yield return (text[word.Length..], text[..word.Length], word, true);
            if (MatchesAt(text, text.Length - word.Length, word)) yield return (text[..^word.Length], text[^word.Length..], word, false);
        }
        var lead = 0;
        while (lead < text.Length && char.IsAsciiDigit(text[lead])) lead++;
        if (lead > 0 && lead < text.Length) yield return (text[lead..], text[..lead], text[..lead], true);
        var trail = 0;
        while (trail < text.Length && char.IsAsciiDigit(text[text.Length - 1 - trail])) trail++;
        if (trail > 0 && trail < text.Length) yield return (text[..^trail], text[^trail..], text[^trail..], false);
    }

    private static bool MatchesAt(string text, int start, string word)
    {
        for (var i = 0; i < word.Length; i++)
            if (Confusables.FoldDigit(text[start + i]) != Confusables.FoldDigit(word[i])) return false;
        return true;
    }

    /// <summary>Multiset difference a − b.</summary>
    public static List<string> Minus(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var rest = b.ToList();
        var result = new List<string>();
        foreach (var x in a)
        {
            var i = rest.IndexOf(x);
            if (i >= 0) rest.RemoveAt(i);
            else result.Add(x);
        }
        return result;
    }
}
