using Koho.Packs;
using Koho.Checks;
using Koho.Checks.Packs;
using Koho.Web.Packs;

namespace Koho.Web.Checks;

/// <summary>
/// The checker as the web app uses it. The tenant's own pack (and version) comes from GuidelinePackService; a
/// pack this deployment offers can be named explicitly (the API's <c>pack</c>). Compiled packs are kept in <see cref="PackCache"/>.
/// </summary>
public sealed class CheckService(PackCache cache)
{
    public CompiledPack Offered(string id) => cache.Offered(id).Compiled;

    public static CheckResult Check(Draft draft, CompiledPack pack) => Checker.Check(draft, pack);

    /// <summary>
    /// The text cut into runs, each with the highest severity of the findings covering it and their numbers,
    /// so that a page can highlight overlapping findings without nesting marks.
    /// </summary>
    public static List<(string Text, Severity Severity, int[] Findings)> Segments(string text, IReadOnlyList<Finding> findings)
    {
        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var f in findings.Where(f => f.Length > 0))
        {
            cuts.Add(f.Start);
            cuts.Add(Math.Min(text.Length, f.Start + f.Length));
        }
        var points = cuts.ToArray();
        var segments = new List<(string, Severity, int[])>();
        for (var i = 0; i + 1 < points.Length; i++)
        {
            int s = points[i], e = points[i + 1];
            if (e <= s) continue;
            var covering = findings.Select((f, n) => (f, n)).Where(x => x.f.Length > 0 && x.f.Start <= s && x.f.Start + x.f.Length >= e).ToList();
            segments.Add((text[s..e], covering.Count == 0 ? Severity.Off : covering.Max(x => x.f.Severity), covering.Select(x => x.n + 1).ToArray()));
        }
        return segments;
    }
}
