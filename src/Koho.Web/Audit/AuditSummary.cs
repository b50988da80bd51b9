using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Koho.Web.Audit;

public static class AuditSummary
{
    // Japanese stays readable in the trail and its CSV export instead of becoming \uXXXX escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>A short JSON summary of a record for the before/after columns. Never pass secrets here.</summary>
    public static string Of(object value) => JsonSerializer.Serialize(value, Json);
}
