using Koho.Packs;
using System.Text.Json;
using Koho.Checks.Io;
using Koho.Checks.Packs;

namespace Koho.Checks.Tests.Quality;

/// <summary>Labelled drafts: the checker's input plus the categories a correct checker must report.</summary>
public static class LabelledSet
{
    public sealed record Case(string Id, CheckRequest Request, IReadOnlyList<string> Expect, string Note);

    public static string Dir([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;

    public static IReadOnlyList<Case> Load(string path)
    {
        var cases = new List<Case>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            Assert.True(CheckJsonl.TryParse(line, out var request, out var error), error);
            using var doc = JsonDocument.Parse(line);
            var expect = doc.RootElement.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToList();
            var note = doc.RootElement.TryGetProperty("note", out var n) ? n.GetString() ?? "" : "";
            cases.Add(new Case(request!.Id, request, expect, note));
        }
        return cases;
    }

    private static readonly Dictionary<string, CompiledPack> Packs = BuiltInPacks.Ids.ToDictionary(id => id, id => Checker.Compile(BuiltInPacks.Get(id)));

    /// <param name="packs">Compiled packs by id (default: the built-in packs with the shipped model).</param>
    public static CheckResult Run(Case c, Func<string, CompiledPack>? packs = null) =>
        Checker.Check(c.Request.Draft, (packs ?? (id => Packs[id]))(c.Request.PackId ?? BuiltInPacks.Default));

    /// <summary>Recall per category, clean drafts blocked, and a readable list of every miss for diagnosis.</summary>
    public sealed record Report(double Recall, int Expected, int Found, int Clean, int CleanBlocked, List<string> Misses, List<string> FalseBlocks,
        Dictionary<string, (int Expected, int Found)> ByCategory)
    {
        /// <summary>Clean drafts that got at least one warning (allowed, but each one costs the user a look).</summary>
        public List<string> CleanWarned { get; } = [];
    }

    public static Report Evaluate(IReadOnlyList<Case> cases, Func<string, CompiledPack>? packs = null)
    {
        int expected = 0, found = 0, clean = 0, cleanBlocked = 0;
        var misses = new List<string>();
        var falseBlocks = new List<string>();
        var byCategory = new Dictionary<string, (int Expected, int Found)>();
        foreach (var c in cases)
        {
            var result = Run(c, packs);
            var reported = result.Findings.Where(f => f.Severity >= Severity.Warn).Select(f => f.Category).ToHashSet();
            foreach (var e in c.Expect)
            {
                expected++;
                var (ex, fo) = byCategory.GetValueOrDefault(e);
                var ok = reported.Contains(e);
                if (ok) found++;
                else misses.Add($"{c.Id} [{e}] {c.Request.Draft.Text[..Math.Min(80, c.Request.Draft.Text.Length)]} — {c.Note}");
                byCategory[e] = (ex + 1, fo + (ok ? 1 : 0));
            }
            if (c.Expect.Count == 0)
            {
                clean++;
                var blocks = result.Findings.Where(f => f.Severity == Severity.Block).ToList();
                if (blocks.Count > 0)
                {
                    cleanBlocked++;
                    falseBlocks.Add($"{c.Id} {string.Join(",", blocks.Select(b => $"{b.Category}:{b.Rule}「{(b.Length > 0 ? c.Request.Draft.Text.Substring(b.Start, b.Length) : "")}」"))} {c.Request.Draft.Text[..Math.Min(80, c.Request.Draft.Text.Length)]}");
                }
            }
        }
        var report = new Report(expected == 0 ? 1 : (double)found / expected, expected, found, clean, cleanBlocked, misses, falseBlocks, byCategory);
        foreach (var c in cases.Where(c => c.Expect.Count == 0))
        {
            var warns = Run(c, packs).Findings.Where(f => f.Severity == Severity.Warn).ToList();
            if (warns.Count > 0)
                report.CleanWarned.Add($"{c.Id} {string.Join(",", warns.Select(b => $"{b.Category}:{b.Rule}「{(b.Length > 0 ? c.Request.Draft.Text.Substring(b.Start, b.Length) : "")}」"))}");
        }
        return report;
    }
}
