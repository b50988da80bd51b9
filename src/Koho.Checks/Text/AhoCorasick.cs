namespace Koho.Checks.Text;

/// <summary>
/// Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern, overlapping ones
/// included, in one pass. Written by hand because the base library's SearchValues&lt;string&gt; reports only where
/// the first match starts, not which pattern matched or the overlapping ones; a lexicon check needs all of them.
/// Immutable after construction, so one instance serves every thread.
/// </summary>
public sealed class AhoCorasick<T>
{
    // Goto function as sorted child arrays per state (compact for large CJK alphabets), plus a dense table for
    // the root, where most steps of a scan land.
    private readonly char[][] _childKeys;
    private readonly int[][] _childStates;
    private readonly int[] _rootNext = new int[0x10000];
    private readonly int[] _fail;
    private readonly int[] _depth;
    // Output: patterns ending at a state, including those reached through dictionary-suffix links.
    private readonly int[][] _outputs;
    private readonly string[] _patterns;
    private readonly T[] _values;

    public int PatternCount => _patterns.Length;

    public AhoCorasick(IEnumerable<(string Pattern, T Value)> entries)
    {
        var patterns = new List<string>();
        var values = new List<T>();
        var children = new List<Dictionary<char, int>> { new() };
        var depth = new List<int> { 0 };
        var ends = new List<List<int>> { new() };

        foreach (var (pattern, value) in entries)
        {
            if (string.IsNullOrEmpty(pattern)) continue;
            var state = 0;
            foreach (var c in pattern)
            {
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add(new Dictionary<char, int>());
                    depth.Add(depth[state] + 1);
                    ends.Add([]);
                    children[state][c] = next;
                }
                state = next;
            }
            ends[state].Add(patterns.Count);
            patterns.Add(pattern);
            values.Add(value);
        }

        var n = children.Count;
        _childKeys = new char[n][];
        _childStates = new int[n][];
        for (var s = 0; s < n; s++)
        {
            var keys = children[s].Keys.ToArray();
            var states = children[s].Values.ToArray();
            Array.Sort(keys, states); // binary search needs sorted keys
            _childKeys[s] = keys;
            _childStates[s] = states;
        }
        foreach (var (c, s) in children[0]) _rootNext[c] = s;

        _fail = new int[n];
        _depth = depth.ToArray();
        var outputs = new List<int>[n];
        for (var s = 0; s < n; s++) outputs[s] = [.. ends[s]];

        // Breadth-first: fail links, and outputs merged from the fail state.
        var queue = new Queue<int>();
        foreach (var s in _childStates[0]) { _fail[s] = 0; queue.Enqueue(s); }
        while (queue.Count > 0)
        {
            var r = queue.Dequeue();
            var keys = _childKeys[r];
            var states = _childStates[r];
            for (var k = 0; k < keys.Length; k++)
            {
                var c = keys[k];
                var u = states[k];
                queue.Enqueue(u);
                var f = _fail[r];
                int next;
                while ((next = Step(f, c, followFail: false)) < 0 && f != 0) f = _fail[f];
                _fail[u] = next >= 0 && next != u ? next : 0;
                outputs[u].AddRange(outputs[_fail[u]]);
            }
        }
        _outputs = outputs.Select(o => o.ToArray()).ToArray();
        _patterns = patterns.ToArray();
        _values = values.ToArray();
    }

    private int Step(int state, char c, bool followFail)
    {
        while (true)
        {
            if (state == 0) return _rootNext[c];
            var keys = _childKeys[state];
            var i = keys.Length <= 8 ? LinearFind(keys, c) : Array.BinarySearch(keys, c);
            if (i >= 0) return _childStates[state][i];
            if (!followFail) return -1;
            state = _fail[state];
        }
    }

    private static int LinearFind(char[] keys, char c)
    {
        for (var i = 0; i < keys.Length; i++) if (keys[i] == c) return i;
        return -1;
    }

    /// <summary>Every match as (start, length, pattern index) in order of its end position.</summary>
    public void FindAll(ReadOnlySpan<char> text, List<Match> results)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            state = Step(state, text[i], followFail: true);
            var outs = _outputs[state];
            for (var k = 0; k < outs.Length; k++)
            {
                var len = _patterns[outs[k]].Length;
                results.Add(new Match(i - len + 1, len, outs[k]));
            }
        }
    }

    public string Pattern(int index) => _patterns[index];
    public T Value(int index) => _values[index];

    public readonly record struct Match(int Start, int Length, int Pattern);
}
