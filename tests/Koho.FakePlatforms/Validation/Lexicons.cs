using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Koho.FakePlatforms.Validation;

/// <summary>
/// AT Protocol lexicons loaded from JSON files, and a validator for what they declare: objects (required,
/// properties; unknown properties are allowed, as in atproto), strings (maxLength in UTF-8 bytes, maxGraphemes,
/// formats), integers, booleans, arrays (maxLength = items), refs, unions (by $type; open unless "closed") and
/// records. Refs to lexicons that are not loaded are not checked. Written here: there is no .NET lexicon library
/// in the package feed.
/// </summary>
public sealed partial class LexiconSet
{
    private readonly Dictionary<string, JsonObject> _documents;

    private LexiconSet(Dictionary<string, JsonObject> documents) => _documents = documents;

    public static LexiconSet Load(string directory)
    {
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            documents[(string)doc["id"]!] = doc;
        }
        if (documents.Count == 0) throw new FileNotFoundException($"Koho.FakePlatforms: no lexicons under {directory}");
        return new LexiconSet(documents);
    }

    /// <summary>Lexicons given as JSON documents (for ones the platform-specs folder does not carry).</summary>
    public static LexiconSet FromJson(params string[] documents) =>
        new(documents.Select(d => JsonNode.Parse(d)!.AsObject()).ToDictionary(d => (string)d["id"]!, StringComparer.Ordinal));

    public bool Has(string nsid) => _documents.ContainsKey(nsid);

    /// <summary>
    /// A query's URL parameters against its lexicon's <c>parameters</c> (as the XRPC server decodes them: only
    /// declared ones are read, integers and booleans parsed, arrays from repeated parameters); unknown ones are ignored.
    /// </summary>
    public List<SchemaError> ValidateParams(string nsid, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var errors = new List<SchemaError>();
        if (Main(nsid)["parameters"] is not JsonObject parameters) return errors;
        var given = query.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var decoded = new JsonObject();
        foreach (var (name, property) in parameters["properties"] as JsonObject ?? [])
        {
            if (!given.TryGetValue(name, out var values) || values.Count == 0) continue;
            decoded[name] = (string?)property!["type"] == "array"
                ? new JsonArray([.. values.Select(v => Decode(property["items"]!.AsObject(), v ?? ""))])
                : Decode(property.AsObject(), values[^1] ?? "");
        }
        Validate(parameters, decoded, "Params", nsid, errors);
        return errors;
    }

    /// <summary>A query's or procedure's output against its lexicon's output schema.</summary>
    public List<SchemaError> ValidateOutput(string nsid, JsonNode? body)
    {
        var schema = Main(nsid)["output"]?["schema"] ?? throw new InvalidOperationException(nsid + " has no output schema");
        var errors = new List<SchemaError>();
        Validate(schema.AsObject(), body, "Output", nsid, errors);
        return errors;
    }

    /// <summary>One URL parameter value as the XRPC server decodes it; left a string when it does not parse (so it fails validation).</summary>
    private static JsonNode Decode(JsonObject def, string value) => (string?)def["type"] switch
    {
        "integer" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        "boolean" when value is "true" or "false" => JsonValue.Create(value == "true"),
        _ => JsonValue.Create(value),
    };

    /// <summary>The main definition's key type for a record lexicon ("tid", "any", "literal:self"…).</summary>
    public string? RecordKey(string nsid) => (string?)_documents.GetValueOrDefault(nsid)?["defs"]?["main"]?["key"];

    public List<SchemaError> ValidateInput(string nsid, JsonNode? body)
    {
        var schema = Main(nsid)["input"]?["schema"] ?? throw new InvalidOperationException(nsid + " has no input schema");
        var errors = new List<SchemaError>();
        Validate(schema.AsObject(), body, "Input", nsid, errors);
        return errors;
    }

    public List<SchemaError> ValidateRecord(string nsid, JsonNode? record)
    {
        var errors = new List<SchemaError>();
        Validate(Main(nsid)["record"]!.AsObject(), record, "Record", nsid, errors);
        return errors;
    }

    private JsonObject Main(string nsid) =>
        _documents.TryGetValue(nsid, out var doc) ? doc["defs"]!["main"]!.AsObject() : throw new InvalidOperationException("lexicon not loaded: " + nsid);

    /// <summary>Resolves "#def" (in <paramref name="context"/>), "nsid#def" or "nsid"; null when that lexicon is not loaded.</summary>
    private (JsonObject Def, string Nsid)? Resolve(string reference, string context)
    {
        var (nsid, name) = FullName(reference, context);
        return _documents.TryGetValue(nsid, out var doc) && doc["defs"]?[name] is JsonObject def ? (def, nsid) : null;
    }

    private static (string Nsid, string Name) FullName(string reference, string context)
    {
        var hash = reference.IndexOf('#');
        if (hash < 0) return (reference, "main");
        return (hash == 0 ? context : reference[..hash], reference[(hash + 1)..]);
    }

    private void Validate(JsonObject def, JsonNode? value, string path, string context, List<SchemaError> errors)
    {
        switch ((string?)def["type"])
        {
            case "record":
                Validate(def["record"]!.AsObject(), value, path, context, errors);
                return;
            case "ref":
                if (Resolve((string)def["ref"]!, context) is ({ } target, { } nsid)) Validate(target, value, path, nsid, errors);
                return;
            case "union":
                ValidateUnion(def, value, path, context, errors);
                return;
            case "unknown":
                if (value is not JsonObject) errors.Add(new(path, "must be an object"));
                return;
            case "object" or "params":
                ValidateObject(def, value, path, context, errors);
                return;
            case "array":
                if (value is not JsonArray array) { errors.Add(new(path, "must be an array")); return; }
                if (def["maxLength"] is JsonValue maxItems && array.Count > (int)maxItems) errors.Add(new(path, $"must not have more than {(int)maxItems} elements"));
                if (def["minLength"] is JsonValue minItems && array.Count < (int)minItems) errors.Add(new(path, $"must not have fewer than {(int)minItems} elements"));
                for (var i = 0; i < array.Count; i++) Validate(def["items"]!.AsObject(), array[i], $"{path}/{i}", context, errors);
                return;
            case "string":
                if (value is not JsonValue sv || !sv.TryGetValue<string>(out var text)) { errors.Add(new(path, "must be a string")); return; }
                ValidateString(def, text, path, errors);
                return;
            case "integer":
                if (value is not JsonValue iv || !iv.TryGetValue<long>(out var number)) { errors.Add(new(path, "must be an integer")); return; }
                if (def["minimum"] is JsonValue min && number < (long)min) errors.Add(new(path, $"can not be less than {(long)min}"));
                if (def["maximum"] is JsonValue max && number > (long)max) errors.Add(new(path, $"can not be greater than {(long)max}"));
                return;
            case "boolean":
                if (value is not JsonValue bv || !bv.TryGetValue<bool>(out _)) errors.Add(new(path, "must be a boolean"));
                return;
        }
    }

    private void ValidateObject(JsonObject def, JsonNode? value, string path, string context, List<SchemaError> errors)
    {
        if (value is not JsonObject obj) { errors.Add(new(path, "must be an object")); return; }
        foreach (var required in def["required"] as JsonArray ?? [])
        {
            if (!obj.ContainsKey((string)required!)) errors.Add(new($"{path}", $"must have the property \"{(string)required!}\""));
        }
        foreach (var (name, propertyDef) in def["properties"] as JsonObject ?? [])
        {
            if (obj.TryGetPropertyValue(name, out var propertyValue))
            {
                if (propertyValue is null && (def["nullable"] as JsonArray)?.Any(n => (string?)n == name) == true) continue;
                Validate(propertyDef!.AsObject(), propertyValue, $"{path}/{name}", context, errors);
            }
        }
    }

    private void ValidateUnion(JsonObject def, JsonNode? value, string path, string context, List<SchemaError> errors)
    {
        if (value is not JsonObject obj || obj["$type"] is not JsonValue t || !t.TryGetValue<string>(out var type))
        {
            errors.Add(new(path, "must be an object which includes the \"$type\" property"));
            return;
        }
        var refs = (def["refs"] as JsonArray ?? []).Select(r => FullName((string)r!, context)).ToList();
        var declared = FullName(type, context);
        if (!refs.Contains(declared))
        {
            if ((bool?)def["closed"] == true) errors.Add(new(path, $"$type must be one of {string.Join(", ", refs.Select(r => r.Nsid + "#" + r.Name))}"));
            return;
        }
        if (Resolve(declared.Nsid + "#" + declared.Name, context) is ({ } target, { } nsid)) Validate(target, value, path, nsid, errors);
    }

    private static void ValidateString(JsonObject def, string text, string path, List<SchemaError> errors)
    {
        var bytes = TextLength.Utf8Bytes(text);
        if (def["maxLength"] is JsonValue maxLength && bytes > (int)maxLength) errors.Add(new(path, $"must not be longer than {(int)maxLength} characters"));
        if (def["minLength"] is JsonValue minLength && bytes < (int)minLength) errors.Add(new(path, $"must not be shorter than {(int)minLength} characters"));
        if (def["maxGraphemes"] is JsonValue maxGraphemes && TextLength.Graphemes(text) > (int)maxGraphemes)
            errors.Add(new(path, $"must not be longer than {(int)maxGraphemes} graphemes"));
        if (def["enum"] is JsonArray enumeration && !enumeration.Any(e => (string?)e == text)) errors.Add(new(path, "must be one of the enumerated values"));
        if (def["format"] is JsonValue format && !FormatOk((string)format!, text))
            errors.Add(new(path, $"must be a valid {(string)format!}"));
    }

    public static bool FormatOk(string format, string text) => format switch
    {
        "datetime" => DateTimePattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "did" => text.Length <= 2048 && DidPattern().IsMatch(text),
        "handle" => text.Length <= 253 && HandlePattern().IsMatch(text),
        "at-identifier" => FormatOk("did", text) || FormatOk("handle", text),
        "nsid" => text.Length <= 317 && NsidPattern().IsMatch(text),
        "record-key" => text is not ("." or "..") && RecordKeyPattern().IsMatch(text),
        "tid" => TidPattern().IsMatch(text),
        "uri" => text.Length <= 8192 && UriPattern().IsMatch(text),
        "at-uri" => text.StartsWith("at://", StringComparison.Ordinal),
        "language" => LanguagePattern().IsMatch(text),
        "cid" => CidPattern().IsMatch(text),
        _ => true,
    };

    public static bool IsTid(string text) => TidPattern().IsMatch(text);

    // RFC 3339 with a mandatory time zone, as the atproto datetime format requires.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$")]
    private static partial Regex DidPattern();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex HandlePattern();

    [GeneratedRegex(@"^[a-zA-Z]([a-zA-Z0-9-]{0,62})?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})?)+\.[a-zA-Z]([a-zA-Z0-9]{0,62})?$")]
    private static partial Regex NsidPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_~.:-]{1,512}$")]
    private static partial Regex RecordKeyPattern();

    [GeneratedRegex("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")]
    private static partial Regex TidPattern();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")]
    private static partial Regex UriPattern();

    [GeneratedRegex(@"^(i|[a-z]{2,3})(-[a-zA-Z0-9]+)*$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9+=]{8,256}$")]
    private static partial Regex CidPattern();
}
