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

    public static string Cell(string value)
    {
        // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
