using Koho.Checks.Packs;
using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// All lexicon terms of a pack in one Aho–Corasick automaton over the lexical view (normalised, kana-folded,
/// separators removed). Each term of three or more characters also matches with one inner character replaced
/// by a 伏せ字 mark (部外○, ○外秘, ここだけの○), the usual way of dodging a word list.
/// </summary>
internal sealed class Lexicon
{
    private readonly AhoCorasick<LexiconEntry> _automaton;

    public int TermCount { get; }

    public Lexicon(IEnumerable<LexiconEntry> entries)
    {
        var patterns = new List<(string, LexiconEntry)>();
        var seen = new HashSet<(string, string)>();
        var terms = 0;
        foreach (var entry in entries)
        {
            var key = NormalizedText.Create(entry.Term).Lexical;
            if (key.Length == 0 || !seen.Add((key, entry.Category))) continue;
            terms++;
            patterns.Add((key, entry));
            if (key.Length >= 3)
            {
                // Any one character may be masked, as long as two real ones remain.
                for (var i = 0; i < key.Length; i++)
                {
                    patterns.Add((string.Concat(key.AsSpan(0, i), NormalizedText.Mask.ToString(), key.AsSpan(i + 1)), entry));
                }
            }
        }
        TermCount = terms;
        _automaton = new AhoCorasick<LexiconEntry>(patterns);
    }

    private static readonly List<AhoCorasick<LexiconEntry>.Match> None = [];
    [ThreadStatic] private static List<AhoCorasick<LexiconEntry>.Match>? _scratch;

    /// <summary>The occurrences (a shared empty list when there are none, the usual case: no allocation).</summary>
    public List<AhoCorasick<LexiconEntry>.Match> Find(string lexical)
    {
        var scratch = _scratch ??= [];
        scratch.Clear();
        _automaton.FindAll(lexical, scratch);
        return scratch.Count == 0 ? None : [.. scratch];
    }

    public LexiconEntry Entry(AhoCorasick<LexiconEntry>.Match match) => _automaton.Value(match.Pattern);
}
