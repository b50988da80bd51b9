using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Organization;

/// <summary>The tenant's departments flattened in tree order (部, its 課, their 係 …) with their depth.</summary>
public static class DepartmentTree
{
    public sealed record Node(Guid Id, Guid? ParentId, string Name, DepartmentLevel Level, int Depth, string Path);

    public static async Task<List<Node>> LoadAsync(KohoDbContext db, CancellationToken ct = default)
    {
        var all = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Name).ToListAsync(ct);
        var children = all.ToLookup(d => d.ParentId);
        var result = new List<Node>(all.Count);
        void Walk(Guid? parent, int depth, string path)
        {
            foreach (var d in children[parent])
            {
                var p = path.Length == 0 ? d.Name : $"{path} / {d.Name}";
                result.Add(new Node(d.Id, d.ParentId, d.Name, d.Level, depth, p));
                Walk(d.Id, depth + 1, p);
            }
        }
        Walk(null, 0, "");
        return result;
    }

    /// <summary>Each department's parent, for walking up the tree in memory (one query, however many checks follow).</summary>
    public static Task<Dictionary<Guid, Guid?>> ParentsAsync(KohoDbContext db, CancellationToken ct = default) =>
        db.Departments.AsNoTracking().Select(d => new { d.Id, d.ParentId }).ToDictionaryAsync(d => d.Id, d => d.ParentId, ct);

    /// <summary>Whether <paramref name="department"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static bool IsWithin(IReadOnlyDictionary<Guid, Guid?> parents, Guid department, Guid ancestor)
    {
        var steps = 0;
        for (Guid? current = department; current is { } c && steps++ < 64; current = parents.GetValueOrDefault(c))
            if (c == ancestor) return true;
        return false;
    }
}
