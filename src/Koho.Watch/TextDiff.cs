using System.Text;

namespace Koho.Watch;

/// <summary>
/// Where two short handles differ, for explanations: the runs of characters that don't line up (longest common
/// subsequence), written in Japanese as 「0→o」, 「キリル文字の「а」→a」, 「余分な「y」」 or 「「o」の抜け」.
/// </summary>
internal static class TextDiff
{
    private const int MaximumRuns = 3;
    private const int MaximumLength = 64;

    public static List<(string Observed, string Registered)> Runs(string observed, string registered)
    {
        var prefix = 0;
        while (prefix < observed.Length && prefix < registered.Length && observed[prefix] == registered[prefix]) prefix++;
        var suffix = 0;
        while (suffix < observed.Length - prefix && suffix < registered.Length - prefix
               && observed[^(suffix + 1)] == registered[^(suffix + 1)]) suffix++;
        var a = observed[prefix..^suffix];
        var b = registered[prefix..^suffix];
        var runs = new List<(string, string)>();
        if (a.Length == 0 && b.Length == 0) return runs;
        // One short stretch of equal length reads best as one swap: ti→it, rn→m is handled below.
        if (a.Length > MaximumLength || b.Length > MaximumLength || (a.Length == b.Length && a.Length <= 3)) { runs.Add((a, b)); return runs; }

        // LCS table from the ends, then walk it from the start collecting the unmatched runs.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var x = 0; var y = 0;
        var ra = new StringBuilder(); var rb = new StringBuilder();
        void Flush()
        {
            if (ra.Length > 0 || rb.Length > 0) runs.Add((ra.ToString(), rb.ToString()));
            ra.Clear(); rb.Clear();
        }
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { Flush(); x++; y++; }
            else if (y >= b.Length || (x < a.Length && lcs[x + 1, y] >= lcs[x, y + 1])) ra.Append(a[x++]);
            else rb.Append(b[y++]);
        }
        Flush();
        return runs;
    }

    /// <summary>The differences in words, e.g. "0→o、rn→m"; empty when the two are equal.</summary>
    public static string Describe(string observed, string registered)
    {
        var runs = Runs(observed, registered);
        var parts = runs.Take(MaximumRuns).Select(r => r switch
        {
            ({ Length: > 0 } o, { Length: > 0 } g) => $"{Show(o)}→{g}",
            ({ Length: > 0 } o, _) => $"余分な「{Show(o)}」",
            (_, var g) => $"「{g}」の抜け",
        });
        var text = string.Join("、", parts);
        return runs.Count > MaximumRuns ? text + "など" : text;
    }

    // Non-ASCII look-alikes are named by script, since on screen they are indistinguishable from the Latin letter.
    private static string Show(string s)
    {
        var script = s.Select(Confusables.ScriptName).FirstOrDefault(n => n is not null);
        return script is null ? s : $"{script}の「{s}」";
    }
}
