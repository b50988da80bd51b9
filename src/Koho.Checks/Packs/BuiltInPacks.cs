using System.Collections.Concurrent;

namespace Koho.Checks.Packs;

/// <summary>The five source guidelines as checker packs, embedded in this library.</summary>
public static class BuiltInPacks
{
    public const string Default = "musashino";
    public static readonly IReadOnlyList<string> Ids = ["musashino", "joetsu", "oizumi", "komae", "chiyoda"];

    private static readonly ConcurrentDictionary<string, CheckerPack> Cache = new();

    public static bool Exists(string id) => Ids.Contains(id);

    /// <summary>The built-in pack of a municipality (by 地方公共団体コード), if there is one.</summary>
    public static string? ForLocalGovernmentCode(string code) =>
        Ids.FirstOrDefault(id => Get(id).LocalGovernmentCode == code);

    public static CheckerPack Get(string id) => Cache.GetOrAdd(id, static key =>
    {
        if (!Exists(key)) throw new KeyNotFoundException($"パック「{key}」はありません（{string.Join(", ", Ids)}）。");
        using var stream = typeof(BuiltInPacks).Assembly.GetManifestResourceStream($"Koho.Checks.Packs.{key}.json")
                           ?? throw new InvalidOperationException($"パック「{key}」が埋め込まれていません。");
        using var reader = new StreamReader(stream);
        return CheckerPack.FromJson(reader.ReadToEnd());
    });
}
