using System.Text;

namespace Koho.FakeMail;

/// <summary>
/// Hand-written MIME reading, just enough to check what Koho sends (no MIME library is available here): header
/// unfolding, RFC 2047 encoded words (B and Q, any charset .NET knows — UTF-8, ISO-2022-JP, Shift_JIS…),
/// Content-Transfer-Encoding base64 / quoted-printable / 7bit / 8bit, and the first text/plain part of a multipart.
/// Messages are handled as Latin-1 strings: one char per byte, so 8-bit bodies in any charset survive parsing and are
/// turned back into bytes before their charset is applied.
/// </summary>
public static class MimeDecoder
{
    static MimeDecoder()
    {
        // ISO-2022-JP and Shift_JIS live in the code-pages provider, which is in the base library but not registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>A parsed entity: its headers (in order, unfolded, still encoded) and its raw body.</summary>
    public sealed record Entity(IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Splits headers from body (at the first empty line) and unfolds continuation lines.</summary>
    public static Entity Parse(string latin1)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var position = 0;
        string? name = null;
        var value = new StringBuilder();
        while (position < latin1.Length)
        {
            var end = latin1.IndexOf('\n', position);
            var line = end < 0 ? latin1[position..] : latin1[position..end];
            position = end < 0 ? latin1.Length : end + 1;
            line = line.TrimEnd('\r');
            if (line.Length == 0) break;
            if ((line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                value.Append(line); // unfolding removes only the CRLF (RFC 5322 2.2.3)
                continue;
            }
            if (name is not null) headers.Add(new(name, value.ToString().Trim()));
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                name = null;
                continue;
            }
            name = line[..colon].Trim();
            value.Clear().Append(line, colon + 1, line.Length - colon - 1);
        }
        if (name is not null) headers.Add(new(name, value.ToString().Trim()));
        return new Entity(headers, position < latin1.Length ? latin1[position..] : "");
    }

    /// <summary>
    /// Decodes RFC 2047 encoded words in a header value. Adjacent encoded words are joined without the whitespace
    /// between them, and their bytes are decoded together, so a character split across two words survives.
    /// </summary>
    public static string DecodeHeader(string value)
    {
        // Raw 8-bit bytes in a header (RFC 6532, SMTPUTF8) are UTF-8.
        value = Latin1ToUtf8IfValid(value);
        var result = new StringBuilder();
        var pendingBytes = new List<byte>();
        string? pendingCharset = null;
        var position = 0;
        var previousWasWord = false;
        while (position < value.Length)
        {
            var start = value.IndexOf("=?", position, StringComparison.Ordinal);
            if (start < 0 || !TryEncodedWord(value, start, out var charset, out var bytes, out var next))
            {
                if (start < 0)
                {
                    Flush();
                    result.Append(value, position, value.Length - position);
                    break;
                }
                Flush();
                result.Append(value, position, start + 2 - position);
                position = start + 2;
                previousWasWord = false;
                continue;
            }
            var between = value[position..start];
            if (!(previousWasWord && string.IsNullOrWhiteSpace(between)))
            {
                Flush();
                result.Append(between);
            }
            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase)) Flush();
            pendingCharset = charset;
            pendingBytes.AddRange(bytes);
            position = next;
            previousWasWord = true;
        }
        Flush();
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is null) return;
            result.Append(GetEncoding(pendingCharset).GetString(pendingBytes.ToArray()));
            pendingBytes.Clear();
            pendingCharset = null;
        }
    }

    private static bool TryEncodedWord(string s, int start, out string charset, out byte[] bytes, out int next)
    {
        charset = "";
        bytes = [];
        next = start;
        var q1 = s.IndexOf('?', start + 2);
        if (q1 < 0 || q1 + 2 >= s.Length || s[q1 + 2] != '?') return false;
        var q3 = s.IndexOf("?=", q1 + 3, StringComparison.Ordinal);
        if (q3 < 0) return false;
        charset = s[(start + 2)..q1];
        var language = charset.IndexOf('*'); // RFC 2231 language suffix: =?utf-8*ja?B?…?=
        if (language >= 0) charset = charset[..language];
        var text = s[(q1 + 3)..q3];
        if (text.Contains(' ')) return false;
        try
        {
            bytes = char.ToUpperInvariant(s[q1 + 1]) switch
            {
                'B' => Convert.FromBase64String(PadBase64(text)),
                'Q' => QuotedPrintable(text, underscoreIsSpace: true),
                _ => throw new FormatException(),
            };
            _ = GetEncoding(charset);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
        next = q3 + 2;
        return true;
    }

    private static string PadBase64(string s) => s.Length % 4 == 0 ? s : s + new string('=', 4 - s.Length % 4);

    /// <summary>Content-Transfer-Encoding, then charset: the body as text (line breaks as they were sent).</summary>
    public static string DecodeBody(Entity entity)
    {
        var (_, parameters) = ContentType(entity);
        var bytes = TransferDecode(entity.Body, entity.Header("Content-Transfer-Encoding"));
        var charset = parameters.GetValueOrDefault("charset") ?? "us-ascii";
        // us-ascii is the MIME default, but 8-bit text mislabelled as ASCII is almost always UTF-8 nowadays.
        var encoding = charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : GetEncoding(charset);
        return encoding.GetString(bytes);
    }

    public static byte[] TransferDecode(string latin1Body, string? transferEncoding)
    {
        switch (transferEncoding?.Trim().ToLowerInvariant())
        {
            case "base64":
                var compact = new StringBuilder(latin1Body.Length);
                foreach (var c in latin1Body)
                {
                    if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/') compact.Append(c);
                }
                return Convert.FromBase64String(PadBase64(compact.ToString()));
            case "quoted-printable":
                return QuotedPrintable(latin1Body, underscoreIsSpace: false);
            default: // 7bit, 8bit, binary, or none
                return Encoding.Latin1.GetBytes(latin1Body);
        }
    }

    /// <summary>Quoted-printable (RFC 2045 6.7): =XX bytes, "=" at a line's end is a soft break; Q encoding also maps _ to space.</summary>
    public static byte[] QuotedPrintable(string s, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '=')
            {
                if (i + 2 < s.Length && s[i + 1] == '\r' && s[i + 2] == '\n') { i += 2; continue; }
                if (i + 1 < s.Length && s[i + 1] == '\n') { i += 1; continue; }
                if (i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
                {
                    bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                    i += 2;
                    continue;
                }
                if (i == s.Length - 1) continue; // a trailing soft break
            }
            bytes.Add(underscoreIsSpace && c == '_' ? (byte)' ' : (byte)c);
        }
        return [.. bytes];
    }

    /// <summary>The media type (lower case) and its parameters (names lower case, quotes removed).</summary>
    public static (string MediaType, Dictionary<string, string> Parameters) ContentType(Entity entity)
    {
        var value = entity.Header("Content-Type") ?? "text/plain; charset=us-ascii";
        var parts = SplitParameters(value);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var v = part[(eq + 1)..].Trim();
            if (v.Length >= 2 && v[0] == '"' && v[^1] == '"') v = v[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");
            parameters[part[..eq].Trim()] = v;
        }
        return (parts[0].Trim().ToLowerInvariant(), parameters);
    }

    private static List<string> SplitParameters(string value)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in value)
        {
            if (c == '"') quoted = !quoted;
            if (c == ';' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>The text of a message: the body itself, or for multipart the first text/plain part that is not an attachment.</summary>
    public static string? TextBody(Entity entity, int depth = 0)
    {
        var (mediaType, parameters) = ContentType(entity);
        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && parameters.TryGetValue("boundary", out var boundary) && depth < 10)
        {
            var parts = Parts(entity.Body, boundary).Select(Parse).ToList();
            foreach (var part in parts)
            {
                if ((part.Header("Content-Disposition") ?? "").TrimStart().StartsWith("attachment", StringComparison.OrdinalIgnoreCase)) continue;
                var (partType, _) = ContentType(part);
                if (partType == "text/plain" || partType.StartsWith("multipart/", StringComparison.Ordinal))
                {
                    if (TextBody(part, depth + 1) is { } text) return text;
                }
            }
            return null;
        }
        return mediaType.StartsWith("text/", StringComparison.Ordinal) ? DecodeBody(entity) : null;
    }

    /// <summary>The parts between "--boundary" lines, up to "--boundary--" (preamble and epilogue dropped).</summary>
    public static IEnumerable<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var lines = body.Split('\n');
        StringBuilder? part = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimEnd() == delimiter || line.TrimEnd() == delimiter + "--")
            {
                if (part is not null) yield return part.Length >= 2 ? part.ToString(0, part.Length - 2) : part.ToString();
                if (line.TrimEnd() == delimiter + "--") yield break;
                part = new StringBuilder();
                continue;
            }
            part?.Append(line).Append("\r\n");
        }
        if (part is not null) yield return part.ToString();
    }

    public static Encoding GetEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'));
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"unknown charset {charset}", nameof(charset));
        }
    }

    private static string Latin1ToUtf8IfValid(string latin1)
    {
        if (Ascii.IsValid(latin1)) return latin1;
        var bytes = Encoding.Latin1.GetBytes(latin1);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : latin1;
    }
}
