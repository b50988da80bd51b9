using Koho.Packs;

namespace Koho.Web.Packs;

/// <summary>
/// The packs this deployment offers: the built-in ones, plus the YAML files of <c>Koho:Packs:Directory</c> (packs a
/// deployment adds, e.g. a municipality's own pack extending the closest built-in one). All are loaded and
/// validated once, at start; Koho refuses to start if any is invalid (see StartupChecks.RequireValidPacks).
/// </summary>
public sealed class PackRegistry
{
    private readonly Lazy<PackCatalog> _catalog;

    public PackRegistry(IConfiguration configuration)
    {
        var directory = configuration["Koho:Packs:Directory"];
        _catalog = new(() =>
        {
            if (string.IsNullOrWhiteSpace(directory)) return PackCatalog.BuiltIn;
            if (!Directory.Exists(directory))
                throw new InvalidPackException([new PackProblem(directory, 0, "Koho:Packs:Directory のフォルダがありません。")]);
            var files = PackCatalog.BuiltInFiles().Concat(Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
                .Select(f => (File: f, Yaml: File.ReadAllText(f)))).ToList();
            // A directory pack with a built-in pack's id replaces it (a deployment's newer copy).
            var (catalog, problems) = PackCatalog.Load(files, laterReplaces: true);
            return catalog ?? throw new InvalidPackException(problems);
        });
    }

    /// <summary>Every pack on offer; throws <see cref="InvalidPackException"/> (with every problem) if one is invalid.</summary>
    public PackCatalog Catalog => _catalog.Value;
}
