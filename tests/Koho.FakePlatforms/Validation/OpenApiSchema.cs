using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Koho.FakePlatforms.Validation;

public sealed record SchemaError(string Property, string Message);

/// <summary>
/// An OpenAPI 3.0 document (YAML, read with YamlDotNet) and a validator for the subset of its JSON Schema dialect
/// the LINE Messaging API uses: $ref, allOf, oneOf, discriminator mappings, type, nullable, required, properties,
/// additionalProperties, items, min/maxItems, min/maxLength, minimum/maximum, enum, pattern and the uri/uuid
/// formats. Written here because no OpenAPI validator is in the package feed.
/// <para>
/// Like the LINE API itself, properties a schema does not declare are rejected ("The property, 'x', in the request
/// body is invalid") unless the schema allows additionalProperties.
/// </para>
/// </summary>
public sealed class OpenApiDocument
{
    private readonly JsonObject _root;

    private OpenApiDocument(JsonObject root) => _root = root;

    public static OpenApiDocument LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new OpenApiDocument((JsonObject)ToJson(stream.Documents[0].RootNode)!);
    }

    /// <summary>The JSON request body schema of an operation, e.g. ("/v2/bot/message/broadcast", "post").</summary>
    public JsonNode RequestSchema(string path, string method) =>
        _root["paths"]?[path]?[method]?["requestBody"]?["content"]?["application/json"]?["schema"]
        ?? throw new InvalidOperationException($"the OpenAPI document has no JSON request body for {method.ToUpperInvariant()} {path}");

    /// <summary>A header parameter's schema, e.g. X-Line-Retry-Key.</summary>
    public JsonNode? HeaderSchema(string path, string method, string header) =>
        (_root["paths"]?[path]?[method]?["parameters"] as JsonArray)?
        .FirstOrDefault(p => (string?)p?["in"] == "header" && string.Equals((string?)p?["name"], header, StringComparison.OrdinalIgnoreCase))?["schema"];

    public List<SchemaError> Validate(JsonNode schema, JsonNode? instance)
    {
        var errors = new List<SchemaError>();
        Validate(schema, instance, "", errors, dispatch: true, partOfAllOf: false);
        return errors;
    }

    private JsonNode Resolve(JsonNode schema)
    {
        for (var depth = 0; schema is JsonObject o && o["$ref"] is JsonValue r; depth++)
        {
            if (depth > 50) throw new InvalidOperationException("$ref loop");
            var reference = (string)r!;
            if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new NotSupportedException("external $ref " + reference);
            JsonNode? node = _root;
            foreach (var part in reference[2..].Split('/')) node = node?[part.Replace("~1", "/").Replace("~0", "~")];
            schema = node ?? throw new InvalidOperationException("unresolved $ref " + reference);
        }
        return schema;
    }

    /// <param name="dispatch">Whether a discriminator here selects the concrete schema (not when reached through the
    /// concrete schema's own allOf, which names the base again).</param>
    /// <param name="partOfAllOf">Inside allOf only the whole decides which properties are known.</param>
    private void Validate(JsonNode schemaNode, JsonNode? instance, string at, List<SchemaError> errors, bool dispatch, bool partOfAllOf)
    {
        var schema = Resolve(schemaNode).AsObject();

        if (instance is null)
        {
            if ((bool?)schema["nullable"] != true && schema["type"] is not null) errors.Add(new(at, "must not be null"));
            return;
        }

        if (dispatch && schema["discriminator"] is JsonObject discriminator && instance is JsonObject discriminated)
        {
            var propertyName = (string)discriminator["propertyName"]!;
            var value = discriminated[propertyName] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (value is null)
            {
                errors.Add(new(Join(at, propertyName), "is required"));
                return;
            }
            if (discriminator["mapping"]?[value] is not JsonValue target)
            {
                var known = string.Join(", ", (discriminator["mapping"] as JsonObject)?.Select(kv => kv.Key) ?? []);
                errors.Add(new(Join(at, propertyName), $"must be one of [{known}]"));
                return;
            }
            Validate(new JsonObject { ["$ref"] = (string)target! }, instance, at, errors, dispatch: false, partOfAllOf);
            return;
        }

        if (schema["allOf"] is JsonArray allOf)
            foreach (var part in allOf) Validate(part!, instance, at, errors, dispatch: false, partOfAllOf: true);

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(option =>
            {
                var trial = new List<SchemaError>();
                Validate(option!, instance, at, trial, dispatch: true, partOfAllOf: false);
                return trial.Count == 0;
            });
            if (matching != 1) errors.Add(new(at, $"must match exactly one of {oneOf.Count} schemas (matched {matching})"));
        }

        if (schema["enum"] is JsonArray enumeration && !enumeration.Any(e => JsonNode.DeepEquals(e, instance)))
            errors.Add(new(at, "must be one of [" + string.Join(", ", enumeration.Select(e => e?.ToJsonString())) + "]"));

        switch ((string?)schema["type"])
        {
            case "object":
                if (instance is not JsonObject) { errors.Add(new(at, "must be an object")); return; }
                break;
            case "array":
                if (instance is not JsonArray) { errors.Add(new(at, "must be an array")); return; }
                break;
            case "string":
                if (!IsKind(instance, System.Text.Json.JsonValueKind.String)) { errors.Add(new(at, "must be a string")); return; }
                break;
            case "integer":
                if (instance is not JsonValue iv || !iv.TryGetValue<long>(out _) && !(iv.TryGetValue<double>(out var d) && d == Math.Floor(d)))
                { errors.Add(new(at, "must be an integer")); return; }
                break;
            case "number":
                if (!IsKind(instance, System.Text.Json.JsonValueKind.Number)) { errors.Add(new(at, "must be a number")); return; }
                break;
            case "boolean":
                if (!IsKind(instance, System.Text.Json.JsonValueKind.True) && !IsKind(instance, System.Text.Json.JsonValueKind.False))
                { errors.Add(new(at, "must be a boolean")); return; }
                break;
        }

        switch (instance)
        {
            case JsonObject obj:
                ValidateObject(schema, obj, at, errors, partOfAllOf);
                break;
            case JsonArray array:
                if (schema["minItems"] is JsonValue minItems && array.Count < (int)minItems) errors.Add(new(at, $"must have at least {(int)minItems} items"));
                if (schema["maxItems"] is JsonValue maxItems && array.Count > (int)maxItems) errors.Add(new(at, $"must have at most {(int)maxItems} items"));
                if (schema["items"] is { } items)
                    for (var i = 0; i < array.Count; i++) Validate(items, array[i], $"{at}[{i}]", errors, dispatch: true, partOfAllOf: false);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var length = text.EnumerateRunes().Count();
                if (schema["minLength"] is JsonValue minLength && length < (int)minLength) errors.Add(new(at, $"must be at least {(int)minLength} characters"));
                if (schema["maxLength"] is JsonValue maxLength && length > (int)maxLength) errors.Add(new(at, $"must be at most {(int)maxLength} characters"));
                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, (string)pattern!)) errors.Add(new(at, $"must match {(string)pattern!}"));
                switch ((string?)schema["format"])
                {
                    case "uri" when !Uri.TryCreate(text, UriKind.Absolute, out _):
                        errors.Add(new(at, "must be an absolute URI"));
                        break;
                    case "uuid" when !IsUuid(text):
                        errors.Add(new(at, "must be a UUID"));
                        break;
                }
                break;
            case JsonValue number when number.TryGetValue<double>(out var n):
                if (schema["minimum"] is JsonValue minimum && n < (double)minimum) errors.Add(new(at, $"must be at least {(double)minimum}"));
                if (schema["maximum"] is JsonValue maximum && n > (double)maximum) errors.Add(new(at, $"must be at most {(double)maximum}"));
                break;
        }
    }

    private void ValidateObject(JsonObject schema, JsonObject obj, string at, List<SchemaError> errors, bool partOfAllOf)
    {
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            var name = (string)required!;
            if (!obj.ContainsKey(name)) errors.Add(new(Join(at, name), "is required"));
        }
        var properties = schema["properties"] as JsonObject;
        if (properties is not null)
        {
            foreach (var (name, value) in obj)
            {
                if (properties[name] is { } propertySchema) Validate(propertySchema, value, Join(at, name), errors, dispatch: true, partOfAllOf: false);
            }
        }
        if (schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (name, value) in obj)
            {
                if (properties?.ContainsKey(name) != true) Validate(additional, value, Join(at, name), errors, dispatch: true, partOfAllOf: false);
            }
            return;
        }
        if (partOfAllOf || schema["additionalProperties"] is JsonValue) return;

        var known = KnownProperties(schema);
        if (known.Count == 0) return; // a free-form object
        foreach (var (name, _) in obj)
        {
            if (!known.Contains(name)) errors.Add(new(Join(at, name), "is not a property of this object"));
        }
    }

    /// <summary>Property names declared by a schema, its allOf parts and the bases they reference.</summary>
    private HashSet<string> KnownProperties(JsonNode schemaNode, int depth = 0)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (depth > 20) return names;
        var schema = Resolve(schemaNode).AsObject();
        foreach (var (name, _) in schema["properties"] as JsonObject ?? []) names.Add(name);
        foreach (var part in schema["allOf"] as JsonArray ?? []) names.UnionWith(KnownProperties(part!, depth + 1));
        return names;
    }

    private static bool IsKind(JsonNode node, System.Text.Json.JsonValueKind kind) => node is JsonValue v && v.GetValueKind() == kind;

    public static bool IsUuid(string text) =>
        Regex.IsMatch(text, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private static string Join(string at, string name) => at.Length == 0 ? name : at + "." + name;

    /// <summary>YAML to JSON: plain scalars that look like numbers, booleans or null become those; quoted ones stay strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException("YAML node " + node.NodeType),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(text);
        switch (text)
        {
            case "true": return JsonValue.Create(true);
            case "false": return JsonValue.Create(false);
            case "null" or "~" or "": return null;
        }
        // Parsed rather than created, so the values convert to any numeric type as parsed JSON numbers do.
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonNode.Parse(l.ToString(CultureInfo.InvariantCulture));
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonNode.Parse(d.ToString("R", CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }
}
