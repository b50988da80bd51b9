using System.Globalization;
using Koho.Web.Organization;

namespace Koho.Web.Shell;

/// <summary>
/// Formats dates for the current reader: 和暦 or 西暦 in Japanese as the user prefers, ISO-like dates in English,
/// always in JST.
/// </summary>
public sealed class DateDisplay(IHttpContextAccessor http, TimeProvider clock)
{
    public const string WarekiClaim = "koho:wareki";

    private bool Japanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    /// <summary>Japanese readers get 和暦 unless they chose 西暦 in their profile.</summary>
    public bool UseWareki => Japanese && http.HttpContext?.User.FindFirst(WarekiClaim)?.Value != "false";

    public DateOnly Today => JapaneseDates.TodayJst(clock);

    public string Date(DateOnly date) =>
        UseWareki ? JapaneseDates.Wareki(date)
        : Japanese ? $"{date.Year}年{date.Month}月{date.Day}日"
        : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(JapaneseDates.ToJst(instant).DateTime));

    public string DateTime(DateTimeOffset instant) =>
        $"{Date(instant)} {JapaneseDates.ToJst(instant):HH:mm}";

    public string FiscalYear(DateOnly date)
    {
        var fy = JapaneseDates.FiscalYear(date);
        return UseWareki ? JapaneseDates.FiscalYearWareki(fy) : Japanese ? $"{fy}年度" : $"FY{fy}";
    }
}
