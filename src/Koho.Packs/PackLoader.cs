using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Koho.Packs;

/// <summary>A problem in a pack file, where it is and what is wrong (in Japanese).</summary>
public sealed record PackProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File} {Line} 行目: {Message}" : $"{File}: {Message}";
}

/// <summary>The outcome of loading a pack: the pack, or every problem found.</summary>
public sealed record PackLoadResult(GuidelinePack? Pack, IReadOnlyList<PackProblem> Problems)
{
    public bool IsValid => Pack is not null && Problems.Count == 0;

    /// <summary>The pack's YAML after merging onto its base: what a pack extending this one merges onto.</summary>
    internal YamlMappingNode? Root { get; init; }
}

/// <summary>
/// Reads a pack from YAML: parses it into YamlDotNet's node tree (which keeps line numbers), merges it onto the
/// pack it extends, maps the nodes onto <see cref="GuidelinePack"/> and validates the result. Mapping is done here
/// rather than by YamlDotNet's deserializer so that every problem — an unknown key, a word where a number belongs,
/// a clause that does not exist — names its line.
/// </summary>
public static class PackLoader
{
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="yaml">Its text.</param>
    /// <param name="baseOf">Finds the pack a pack extends: its file name and parsed root (already valid), or null.</param>
    public static PackLoadResult Load(string file, string yaml, Func<string, (string File, YamlMappingNode Root)?>? baseOf = null)
    {
        var problems = new List<PackProblem>();
        var root = Parse(file, yaml, problems);
        if (root is null) return new(null, problems);

        var origin = new Dictionary<YamlNode, string>(ReferenceEqualityComparer.Instance);
        Mark(root, file, origin);
        if (Scalar(root, "extends") is { } baseId)
        {
            var found = baseOf?.Invoke(baseId);
            if (found is null)
            {
                problems.Add(new(file, Line(root, "extends"), $"extends: パック「{baseId}」が見つかりません。"));
                return new(null, problems);
            }
            // A pack may extend the built-in pack of the same id (a municipality refining its own pack); a pack
            // extending itself within one set of files is a cycle, which PackCatalog reports.
            Mark(found.Value.Root, found.Value.File, origin);
            root = Merge(found.Value.Root, root, origin, file);
        }

        var mapper = new Mapper(file, origin, problems);
        var pack = (GuidelinePack?)mapper.Map(root, typeof(GuidelinePack), "");
        if (pack is null) return new(null, problems);
        PackValidator.Validate(pack, mapper.Where, problems);
        return new(problems.Count == 0 ? pack : null, problems) { Root = root };
    }

    /// <summary>The parsed root of a pack file, for packs that extend it (null when it does not parse).</summary>
    public static YamlMappingNode? Parse(string file, string yaml, List<PackProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new(file, (int)e.Start.Line, $"YAML として読めません（{e.Message}）。"));
            return null;
        }
        catch (ArgumentException e)
        {
            // Duplicate keys surface as ArgumentException from the mapping node.
            problems.Add(new(file, 0, $"YAML として読めません（{e.Message}）。同じ項目が二度書かれていないか確かめてください。"));
            return null;
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new(file, 1, "パックは項目（キー: 値）の並びからなる YAML 文書 1 つでなければなりません。"));
            return null;
        }
        return root;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !IsNull(s) ? s.Value : null;

    private static int Line(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (int)v.Start.Line : (int)node.Start.Line;

    private static void Mark(YamlNode node, string file, Dictionary<YamlNode, string> origin)
    {
        origin.TryAdd(node, file);
        foreach (var child in node.AllNodes) origin.TryAdd(child, file);
    }

    /// <summary>Mappings merge key by key (the extending pack wins); anything else given by it replaces the base's.</summary>
    private static YamlMappingNode Merge(YamlMappingNode baseNode, YamlMappingNode over, Dictionary<YamlNode, string> origin, string file)
    {
        var merged = new YamlMappingNode();
        foreach (var (key, value) in baseNode.Children)
        {
            if (key is YamlScalarNode { Value: "extends" }) continue;
            merged.Children[key] = value;
        }
        foreach (var (key, value) in over.Children)
        {
            merged.Children[key] = merged.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode a && value is YamlMappingNode b
                ? Merge(a, b, origin, file)
                : value;
        }
        // The merged mapping is reported at the extending pack's line.
        origin[merged] = file;
        MergedAt.AddOrUpdate(merged, new StrongBox<int>((int)over.Start.Line));
        return merged;
    }

    // A merged mapping is a new node without a position of its own.
    private static readonly ConditionalWeakTable<YamlMappingNode, StrongBox<int>> MergedAt = new();

    internal static int LineOf(YamlNode node) =>
        node is YamlMappingNode m && MergedAt.TryGetValue(m, out var line) ? line.Value : (int)node.Start.Line;

    internal static bool IsNull(YamlScalarNode s) =>
        s.Style is ScalarStyle.Plain or ScalarStyle.Any && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Maps nodes onto the pack's classes by property name, reporting what does not fit.</summary>
    private sealed class Mapper(string file, Dictionary<YamlNode, string> origin, List<PackProblem> problems)
    {
        private readonly ConditionalWeakTable<object, PackProblemLocation> _locations = new();
        private readonly NullabilityInfoContext _nullability = new(); // not thread-safe: one per load

        /// <summary>Where an object of the pack — or one of its keys — was written (for the validator's messages).</summary>
        public (string File, int Line) Where(object o, string? key = null)
        {
            if (!_locations.TryGetValue(o, out var l)) return (file, 0);
            return key is not null && l.Keys.TryGetValue(key, out var line) ? (l.File, line) : (l.File, l.Line);
        }

        private void Problem(YamlNode node, string message) =>
            problems.Add(new(origin.GetValueOrDefault(node, file), LineOf(node), message));

        public object? Map(YamlNode node, Type type, string path)
        {
            var nullable = Nullable.GetUnderlyingType(type);
            if (node is YamlScalarNode s && IsNull(s))
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) return Activator.CreateInstance(type);
                if (type == typeof(string) || nullable is not null) return null;
                if (!type.IsValueType) return Activator.CreateInstance(type);
                Problem(node, $"{Name(path)}: 値がありません。");
                return null;
            }
            var target = nullable ?? type;
            if (target == typeof(string)) return ScalarOf(node, path);
            if (target == typeof(int))
            {
                var text = ScalarOf(node, path);
                if (text is null) return null;
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
                Problem(node, $"{Name(path)}: 「{text}」は整数ではありません。");
                return null;
            }
            if (target == typeof(bool))
            {
                var text = ScalarOf(node, path);
                if (text is null) return null;
                if (text is "true" or "True" or "TRUE") return true;
                if (text is "false" or "False" or "FALSE") return false;
                Problem(node, $"{Name(path)}: 「{text}」は true か false で書いてください。");
                return null;
            }
            if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>))
            {
                var list = (System.Collections.IList)Activator.CreateInstance(target)!;
                if (node is not YamlSequenceNode seq)
                {
                    Problem(node, $"{Name(path)}: 一覧（- で始まる行の並び、または [ ] ）で書いてください。");
                    return list;
                }
                var element = target.GetGenericArguments()[0];
                var index = 0;
                foreach (var item in seq.Children)
                {
                    var value = Map(item, element, $"{path}[{index++}]");
                    if (value is not null) list.Add(value);
                }
                return list;
            }
            if (node is not YamlMappingNode map)
            {
                Problem(node, $"{Name(path)}: 項目（キー: 値）の並びで書いてください。");
                return null;
            }
            var result = Activator.CreateInstance(target)!;
            var location = new PackProblemLocation(origin.GetValueOrDefault(map, file), LineOf(map), []);
            _locations.AddOrUpdate(result, location);
            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                location.Keys[key] = (int)keyNode.Start.Line;
                var property = FindProperty(target, key);
                if (property is null)
                {
                    var known = string.Join(", ", target.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).Select(p => CamelCase(p.Name)));
                    Problem(keyNode, $"{Name(path)}「{key}」という項目はありません（使える項目: {known}）。");
                    continue;
                }
                var value = Map(valueNode, property.PropertyType, path.Length == 0 ? key : $"{path}.{key}");
                // An empty value leaves a non-nullable property at its default (the validator says if that matters).
                if (value is not null || _nullability.Create(property).WriteState == NullabilityState.Nullable)
                    property.SetValue(result, value);
            }
            return result;
        }

        private string? ScalarOf(YamlNode node, string path)
        {
            if (node is YamlScalarNode s) return s.Value;
            Problem(node, $"{Name(path)}: 文字や数の値を 1 つ書いてください。");
            return null;
        }

        private static PropertyInfo? FindProperty(Type type, string key) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.CanWrite && p.GetIndexParameters().Length == 0 && CamelCase(p.Name) == key);

        private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

        private static string Name(string path) => path.Length == 0 ? "パック" : path;
    }

    private sealed record PackProblemLocation(string File, int Line, Dictionary<string, int> Keys);
}
