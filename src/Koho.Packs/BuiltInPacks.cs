using Koho.Checks.Packs;

namespace Koho.Packs;

/// <summary>The checker's view of the built-in packs (packs/*.yaml), by id.</summary>
public static class BuiltInPacks
{
    /// <summary>The pack used where none is named (the first source guideline).</summary>
    public const string Default = "musashino";

    public static IReadOnlyList<string> Ids => PackCatalog.BuiltIn.Ids;

    public static bool Exists(string id) => PackCatalog.BuiltIn.Find(id) is not null;

    /// <summary>The built-in pack of a municipality (by 地方公共団体コード), if there is one.</summary>
    public static string? ForLocalGovernmentCode(string code) => PackCatalog.BuiltIn.ForLocalGovernmentCode(code)?.Id;

    public static CheckerPack Get(string id) => PackCatalog.BuiltIn.CheckerPack(id);
}
