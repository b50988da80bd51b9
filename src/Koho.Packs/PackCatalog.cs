using Koho.Checks.Packs;
using YamlDotNet.RepresentationModel;

namespace Koho.Packs;

/// <summary>Thrown when packs do not validate: Koho does not start (or take a new version) with a broken pack.</summary>
public sealed class InvalidPackException(IReadOnlyList<PackProblem> problems)
    : Exception("ガイドラインパックに誤りがあります:\n" + string.Join("\n", problems))
{
    public IReadOnlyList<PackProblem> Problems { get; } = problems;
}

/// <summary>
/// A set of valid packs, each resolved against the pack it extends. <see cref="BuiltIn"/> holds the five source
/// guidelines shipped in packs/*.yaml (embedded in this assembly).
/// </summary>
public sealed class PackCatalog
{
    private readonly Dictionary<string, (GuidelinePack Pack, string File, YamlMappingNode Root)> _packs;
    private readonly Dictionary<string, CheckerPack> _checkerPacks = new();

    private PackCatalog(Dictionary<string, (GuidelinePack, string, YamlMappingNode)> packs) => _packs = packs;

    public IReadOnlyList<GuidelinePack> Packs => _packs.Values.Select(p => p.Pack).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Ids => _packs.Keys.Order(StringComparer.Ordinal).ToList();

    public GuidelinePack? Find(string id) => _packs.TryGetValue(id, out var p) ? p.Pack : null;

    /// <summary>The pack loaded from this file.</summary>
    public GuidelinePack? FromFile(string file) => _packs.Values.FirstOrDefault(p => p.File == file).Pack;

    public GuidelinePack Get(string id) => Find(id) ?? throw new KeyNotFoundException($"パック「{id}」はありません（{string.Join(", ", Ids)}）。");

    /// <summary>The pack whose municipality has this 地方公共団体コード, if any.</summary>
    public GuidelinePack? ForLocalGovernmentCode(string code) => Packs.FirstOrDefault(p => p.LocalGovernmentCode == code);

    /// <summary>The checker's view of a pack, built once per pack.</summary>
    public CheckerPack CheckerPack(string id)
    {
        lock (_checkerPacks)
        {
            if (!_checkerPacks.TryGetValue(id, out var c)) _checkerPacks[id] = c = Get(id).ToCheckerPack();
            return c;
        }
    }

    /// <summary>Loads one more pack (an upload, a file to validate) that may extend a pack of this catalog.</summary>
    public PackLoadResult Load(string file, string yaml) =>
        PackLoader.Load(file, yaml, id => _packs.TryGetValue(id, out var p) ? (p.File, p.Root) : null);

    /// <summary>Loads a set of pack files, resolving <c>extends</c> among them; every problem of every file is reported.</summary>
    /// <param name="laterReplaces">A file whose id an earlier file has replaces it (a deployment's or an editor's newer
    /// copy of a built-in pack) instead of being an error.</param>
    public static (PackCatalog? Catalog, IReadOnlyList<PackProblem> Problems) Load(IEnumerable<(string File, string Yaml)> files, bool laterReplaces = false)
    {
        var problems = new List<PackProblem>();
        var parsed = new Dictionary<string, (string File, string Yaml, YamlMappingNode Root)>();
        foreach (var (file, yaml) in files)
        {
            var root = PackLoader.Parse(file, yaml, problems);
            if (root is null) continue;
            var id = root.Children.TryGetValue(new YamlScalarNode("id"), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";
            if (id.Length == 0) { problems.Add(new(file, 1, "id がありません。")); continue; }
            if (laterReplaces) parsed[id] = (file, yaml, root);
            else if (!parsed.TryAdd(id, (file, yaml, root))) problems.Add(new(file, (int)v!.Start.Line, $"id「{id}」は {parsed[id].File} と重複しています。"));
        }

        var loaded = new Dictionary<string, (GuidelinePack, string, YamlMappingNode)>();
        var loading = new HashSet<string>();
        var failed = new HashSet<string>();
        (string, YamlMappingNode)? Resolve(string id)
        {
            if (loaded.TryGetValue(id, out var done)) return (done.Item2, done.Item3);
            if (failed.Contains(id) || !parsed.TryGetValue(id, out var entry)) return null;
            if (!loading.Add(id))
            {
                problems.Add(new(entry.File, 0, $"extends が循環しています（{string.Join(" → ", loading)} → {id}）。"));
                failed.Add(id);
                return null;
            }
            var result = PackLoader.Load(entry.File, entry.Yaml, Resolve);
            loading.Remove(id);
            problems.AddRange(result.Problems.Where(p => !problems.Contains(p)));
            if (!result.IsValid) { failed.Add(id); return null; }
            loaded[id] = (result.Pack!, entry.File, result.Root!);
            return (entry.File, result.Root!);
        }
        foreach (var id in parsed.Keys) Resolve(id);
        return (problems.Count == 0 ? new PackCatalog(loaded) : null, problems);
    }

    /// <summary>The built-in pack files (packs/*.yaml, embedded in this assembly): name and text.</summary>
    public static IReadOnlyList<(string File, string Yaml)> BuiltInFiles()
    {
        var assembly = typeof(PackCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Koho.Packs.BuiltIn.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (File: "packs/" + n["Koho.Packs.BuiltIn.".Length..], Yaml: reader.ReadToEnd());
            })
            .ToList();
    }

    private static readonly Lazy<PackCatalog> Embedded = new(() =>
    {
        var (catalog, problems) = Load(BuiltInFiles());
        return catalog ?? throw new InvalidPackException(problems);
    });

    /// <summary>The built-in packs; throws <see cref="InvalidPackException"/> (with every problem) if any is invalid.</summary>
    public static PackCatalog BuiltIn => Embedded.Value;
}
