using Koho.Packs;
using System.Collections.Concurrent;
using Koho.Checks;
using Koho.Checks.Packs;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Checks;

/// <summary>
/// The checker as the web app uses it: the tenant's pack (until guideline packs are configurable per tenant,
/// the built-in pack of the municipality's 地方公共団体コード, else the default), compiled once and shared.
/// </summary>
public sealed class CheckService
{
    private readonly ConcurrentDictionary<string, Lazy<CompiledPack>> _compiled = new();

    public CompiledPack Pack(string id) =>
        _compiled.GetOrAdd(id, key => new Lazy<CompiledPack>(() => Checker.Compile(BuiltInPacks.Get(key)))).Value;

    public async Task<string> PackIdForTenantAsync(KohoDbContext db, Guid tenantId, CancellationToken ct = default)
    {
        var code = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Code).FirstOrDefaultAsync(ct);
        return code is null ? BuiltInPacks.Default : BuiltInPacks.ForLocalGovernmentCode(code) ?? BuiltInPacks.Default;
    }

    public CheckResult Check(Draft draft, string packId) => Checker.Check(draft, Pack(packId));


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
