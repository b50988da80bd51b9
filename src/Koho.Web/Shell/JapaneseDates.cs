using System.Globalization;

namespace Koho.Web.Shell;

/// <summary>
/// The municipality's calendar: Japan Standard Time, 和暦 (Japanese era dates) and 年度 (the April–March fiscal
/// year).
/// </summary>
public static class JapaneseDates
{
    /// <summary>JST. Japan observes no daylight saving time, so a fixed offset is exact and needs no tz database.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static readonly JapaneseCalendar Calendar = new();
    private static readonly DateTimeFormatInfo EraNames = CreateEraNames();

    public static DateTimeOffset ToJst(DateTimeOffset instant) => instant.ToOffset(Jst);

    public static DateOnly TodayJst(TimeProvider clock) => DateOnly.FromDateTime(ToJst(clock.GetUtcNow()).DateTime);

    /// <summary>令和8年12月2日 (first year written 元年, as official documents do).</summary>
    public static string Wareki(DateOnly date)
    {
        var dt = date.ToDateTime(TimeOnly.MinValue);
        // The Japanese calendar starts in Meiji (1868); earlier dates can only be written in 西暦.
        if (dt < Calendar.MinSupportedDateTime) return $"{date.Year}年{date.Month}月{date.Day}日";
        var era = Calendar.GetEra(dt);
        var year = Calendar.GetYear(dt);
        return $"{EraNames.GetEraName(era)}{YearText(year)}年{date.Month}月{date.Day}日";
    }

    /// <summary>令和8年11月22日 16:30 (JST): for text that is stored or sent (timelines, e-mails), not tied to one reader.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var jst = ToJst(instant);
        return $"{Wareki(DateOnly.FromDateTime(jst.DateTime))} {jst:HH:mm}";
    }

    /// <summary>The 年度 a date falls in, named by the calendar year in which it begins (April 1).</summary>
    public static int FiscalYear(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    public static (DateOnly Start, DateOnly End) FiscalYearRange(int fiscalYear) =>
        (new DateOnly(fiscalYear, 4, 1), new DateOnly(fiscalYear + 1, 3, 31));

    /// <summary>
    /// 令和8年度. A 年度 in which the era changed is named in the new era (2019 → 令和元年度), as governments did.
    /// </summary>
    public static string FiscalYearWareki(int fiscalYear)
    {
        var end = new DateTime(fiscalYear + 1, 3, 31);
        var era = Calendar.GetEra(end);
        var eraStart = end.Year - Calendar.GetYear(end) + 1;
        var year = fiscalYear - eraStart + 1;
        if (year < 1)
        {
            var start = new DateTime(fiscalYear, 4, 1);
            era = Calendar.GetEra(start);
            year = Calendar.GetYear(start);
        }
        return $"{EraNames.GetEraName(era)}{YearText(year)}年度";
    }

    private static string YearText(int year) => year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);

    private static DateTimeFormatInfo CreateEraNames()
    {
        var culture = new CultureInfo("ja-JP");
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture.DateTimeFormat;
    }
}
