using System.Text;

namespace Koho.Web.Shell;

/// <summary>
/// CSV as Japanese offices open it: UTF-8 with BOM (Excel reads Japanese correctly), CRLF and RFC 4180 quoting,
/// and formula-safe cells. Written by hand: the base library has no CSV writer, and this is all it takes.
/// </summary>
public static class Csv
{
    public static StreamWriter Writer(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(c => Cell(c ?? "")));

    /// <summary>Without C0 control characters (other than tab and line breaks), which XML (.docx, .xlsx) cannot hold.</summary>
    public static string Printable(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? new string(value.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray()) : value;

    public static string Cell(string value)
    {
        // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    /// <summary>
    /// Reads CSV (RFC 4180: quoted fields with "" for a quote, commas and line breaks inside quotes; CRLF or LF; an
    /// optional UTF-8 BOM) into records with the line each starts on. Throws <see cref="FormatException"/> with the line
    /// of an unclosed quote.
    /// </summary>
    public static List<(int Line, string[] Fields)> Read(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
        var any = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (any || fields.Count > 1 || fields[0].Length > 0) records.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    any = false;
                    line++;
                    recordLine = line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new FormatException($"{recordLine} 行目: 「\"」で始まった項目が閉じられていません。");
        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }
        return records;
    }
}
