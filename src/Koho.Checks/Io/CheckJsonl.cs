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
    public static bool TryParse(string line, out CheckRequest? request, out string? error)
    {
        request = null;
        error = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            error = $"JSON として読めません（{e.Message.Split('.')[0]}）。";
            return false;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "1行に1つの JSON オブジェクトを書いてください。"; return false; }
            var id = root.TryGetProperty("id", out var idEl) ? idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString(),
                JsonValueKind.Number => idEl.GetRawText(),
                _ => null,
            } : null;
            if (!root.TryGetProperty("text", out var textEl) || textEl.ValueKind != JsonValueKind.String)
            {
                error = "text（投稿の本文）がありません。";
                request = null;
                return Fail(id, ref error);
            }
            string text;
            try
            {
                text = textEl.GetString()!;
            }
            catch (InvalidOperationException)
            {
                error = "text に対になっていないサロゲート（\\ud800 など、文字として成り立たない符号）が含まれています。";
                return Fail(id, ref error);
            }
            if (!TryEnum(root, "mode", out PostMode mode, PostMode.Official, ref error)
                || !TryEnum(root, "category", out PostCategory category, PostCategory.Normal, ref error))
                return Fail(id, ref error);
            Platform? platform = null;
            if (root.TryGetProperty("platform", out var pEl) && pEl.ValueKind == JsonValueKind.String)
            {
                if (!TryParsePlatform(pEl.GetString()!, out var p)) { error = $"platform「{pEl.GetString()}」は使えません（x, facebook, instagram, line, mastodon, bluesky, youtube）。"; return Fail(id, ref error); }
                platform = p;
            }
            DateTimeOffset? scheduledAt = null;
            if (root.TryGetProperty("scheduledAt", out var sEl) && sEl.ValueKind == JsonValueKind.String)
            {
                if (!DateTimeOffset.TryParse(sEl.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    error = $"scheduledAt「{sEl.GetString()}」は日時として読めません（例: 2026-12-09T10:00:00+09:00）。";
                    return Fail(id, ref error);
                }
                scheduledAt = at;
            }
            var recent = new List<string>();
            if (root.TryGetProperty("recent", out var rEl) && rEl.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in rEl.EnumerateArray())
                    if (r.ValueKind == JsonValueKind.String) recent.Add(r.GetString()!);
            }
            var pack = root.TryGetProperty("pack", out var packEl) && packEl.ValueKind == JsonValueKind.String ? packEl.GetString() : null;
            request = new CheckRequest(id ?? "", pack, new Draft(text)
            {
                Mode = mode,
                Category = category,
                Platform = platform,
                ScheduledAt = scheduledAt,
                Recent = recent,
            });
            return true;
        }

        static bool Fail(string? id, ref string? error)
        {
            if (id is not null) error = $"id「{id}」: {error}";
            return false;
        }
    }

    public static bool TryParsePlatform(string value, out Platform platform) =>
        Enum.TryParse(value.Trim(), ignoreCase: true, out platform) && Enum.IsDefined(platform);

    private static bool TryEnum<T>(JsonElement root, string name, out T value, T fallback, ref string? error) where T : struct, Enum
    {
        value = fallback;
        if (!root.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null) return true;
        if (el.ValueKind == JsonValueKind.String && Enum.TryParse(el.GetString(), ignoreCase: true, out value) && Enum.IsDefined(value)) return true;
        error = $"{name}「{el}」は使えません（{string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}）。";
        return false;
    }

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
