using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Koho.Checks.Io;

/// <summary>One input line of `koho check` (the format of ../shared/checker/samples.jsonl), parsed.</summary>
public sealed record CheckRequest(string Id, string? PackId, Draft Draft);

/// <summary>
/// Reads and writes the checker's JSON Lines format. Bad input gives a Japanese message naming the problem,
/// never an exception: a malformed line, an unknown value, an invalid date, lone surrogates.
/// </summary>
public static class CheckJsonl
{
    public static bool TryParse(string line, out CheckRequest? request, out string? error) =>
        TryParse(Encoding.UTF8.GetBytes(line), out request, out error);

    /// <summary>
    /// Parses one line straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/> (no document tree: the
    /// `koho check` process reads 50,000 of them). Unknown properties (expect, note …) are skipped.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out CheckRequest? request, out string? error)
    {
        request = null;
        error = null;
        string? id = null, text = null, pack = null, platformText = null, scheduledText = null, modeText = null, categoryText = null;
        var recent = new List<string>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "1行に1つの JSON オブジェクトを書いてください。";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id" when reader.TokenType == JsonTokenType.String: id = reader.GetString(); break;
                    case "id" when reader.TokenType == JsonTokenType.Number: id = Encoding.UTF8.GetString(reader.ValueSpan); break;
                    case "text" when reader.TokenType == JsonTokenType.String: text = reader.GetString(); break;
                    case "pack" when reader.TokenType == JsonTokenType.String: pack = reader.GetString(); break;
                    case "platform" when reader.TokenType == JsonTokenType.String: platformText = reader.GetString(); break;
                    case "scheduledAt" when reader.TokenType == JsonTokenType.String: scheduledText = reader.GetString(); break;
                    case "mode" when reader.TokenType == JsonTokenType.String: modeText = reader.GetString(); break;
                    case "category" when reader.TokenType == JsonTokenType.String: categoryText = reader.GetString(); break;
                    case "recent" when reader.TokenType == JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType == JsonTokenType.String) recent.Add(reader.GetString()!);
                            else reader.Skip();
                        }
                        break;
                    case "mode" or "category" when reader.TokenType != JsonTokenType.Null:
                        error = $"{name}「{Encoding.UTF8.GetString(reader.ValueSpan)}」は使えません。";
                        return Fail(id, ref error);
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "1行に1つの JSON オブジェクトを書いてください。";
                return Fail(id, ref error);
            }
        }
        catch (JsonException e)
        {
            error = $"JSON として読めません（{e.Message.Split('.')[0]}）。";
            return Fail(id, ref error);
        }
        catch (InvalidOperationException)
        {
            error = "対になっていないサロゲート（\\ud800 など、文字として成り立たない符号）が含まれています。";
            return Fail(id, ref error);
        }

        if (!DraftFields.TryCreate(text, platformText, scheduledText, modeText, categoryText, recent, out var draft, out var errors))
        {
            error = errors[0];
            return Fail(id, ref error);
        }
        request = new CheckRequest(id ?? "", pack, draft!);
        return true;

        static bool Fail(string? id, ref string? error)
        {
            if (id is not null) error = $"id「{id}」: {error}";
            return false;
        }
    }

    /// <summary>The id of a line that could not be parsed, if it can be read at all (for the answering line).</summary>
    public static string IdOf(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId) return reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : Encoding.UTF8.GetString(reader.ValueSpan);
                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }
        return "";
    }

    public static bool TryParsePlatform(string value, out Platform platform) => DraftFields.TryParsePlatform(value, out platform);

    private static string Clean(string s) => Text.Utf16.Scrub(s);

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The output line: {"id","findings":[{"rule","category","severity","start","length","message","suggestion","clauses":[…]}]}.</summary>
    public static string Format(string id, CheckResult result, string? error = null) => Encoding.UTF8.GetString(FormatUtf8(id, result, error));

    // One buffer and writer per thread, reused line after line: formatting is a large share of `koho check`.
    [ThreadStatic] private static System.Buffers.ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>The output line as UTF-8 bytes (without the line break).</summary>
    public static byte[] FormatUtf8(string id, CheckResult result, string? error = null)
    {
        var buffer = _buffer ??= new System.Buffers.ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var w = _writer ??= new Utf8JsonWriter(buffer, Writer);
        w.Reset(buffer);
        {
            w.WriteStartObject();
            w.WriteString("id", Clean(id));
            if (error is not null) w.WriteString("error", Clean(error));
            w.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", Clean(f.Rule));
                w.WriteString("category", f.Category);
                w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
                w.WriteNumber("start", f.Start);
                w.WriteNumber("length", f.Length);
                w.WriteString("message", Clean(f.Message));
                if (f.Suggestion is null) w.WriteNull("suggestion"); else w.WriteString("suggestion", Clean(f.Suggestion));
                w.WriteStartArray("clauses");
                foreach (var c in f.Clauses)
                {
                    w.WriteStartObject();
                    w.WriteString("pack", c.Pack);
                    w.WriteString("clause", c.Clause);
                    w.WriteString("quote", Clean(c.Quote));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
