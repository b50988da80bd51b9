namespace Koho.Checks.Calendar;

/// <summary>
/// Japanese national holidays (国民の祝日), computed by the rules of 国民の祝日に関する法律 as amended: fixed days,
/// Happy Monday days (2000–), 春分の日/秋分の日 by the standard approximation formula, 振替休日 (1973-04-12 on;
/// since 2007 the next non-holiday), 国民の休日 (1986 on: a day between two holidays), and the special days of
/// 2019–2021. Written by hand: the base library has no Japanese holiday calendar. Valid for 1949–2099.
/// </summary>
public static class JapaneseHolidays
{
    public static bool IsHoliday(DateOnly date) => Name(date) is not null;

    /// <summary>The holiday's name, or null on an ordinary day.</summary>
    public static string? Name(DateOnly date)
    {
        var own = Fixed(date);
        if (own is not null) return own;

        // 振替休日: a holiday on Sunday moves to the next day (1973-04-12 on); since 2007 to the next day that
        // is not itself a holiday.
        if (date >= new DateOnly(1973, 4, 12))
        {
            var d = date.AddDays(-1);
            if (date.Year >= 2007)
            {
                while (Fixed(d) is not null)
                {
                    if (d.DayOfWeek == DayOfWeek.Sunday) return "振替休日";
                    d = d.AddDays(-1);
                }
            }
            else if (d.DayOfWeek == DayOfWeek.Sunday && Fixed(d) is not null)
            {
                return "振替休日";
            }
        }

        // 国民の休日: a weekday (not Sunday) squeezed between two holidays (1986 on; from 2007 the rule reads
        // "the day before and after are holidays", which in practice yields the September days of 2009, 2015 …).
        if (date >= new DateOnly(1985, 12, 27) && date.DayOfWeek != DayOfWeek.Sunday
            && Fixed(date.AddDays(-1)) is not null && Fixed(date.AddDays(1)) is not null)
        {
            return "国民の休日";
        }
        return null;
    }

    /// <summary>Holidays by their own rule (without 振替休日 and 国民の休日).</summary>
    private static string? Fixed(DateOnly d)
    {
        int y = d.Year, m = d.Month, day = d.Day;
        if (y < 1949) return null;

        // Special one-off days.
        if (y == 1959 && m == 4 && day == 10) return "皇太子・明仁親王の結婚の儀";
        if (y == 1989 && m == 2 && day == 24) return "昭和天皇の大喪の礼";
        if (y == 1990 && m == 11 && day == 12) return "即位礼正殿の儀";
        if (y == 1993 && m == 6 && day == 9) return "皇太子・徳仁親王の結婚の儀";
        if (y == 2019 && m == 5 && day == 1) return "天皇の即位の日";
        if (y == 2019 && m == 10 && day == 22) return "即位礼正殿の儀が行われる日";

        switch (m)
        {
            case 1:
                if (day == 1) return "元日";
                if (y < 2000 ? day == 15 : IsNthMonday(d, 2)) return "成人の日";
                break;
            case 2:
                if (day == 11 && y >= 1967) return "建国記念の日";
                if (day == 23 && y >= 2020) return "天皇誕生日";
                break;
            case 3:
                if (day == VernalEquinox(y)) return "春分の日";
                break;
            case 4:
                if (day == 29) return y >= 2007 ? "昭和の日" : y >= 1989 ? "みどりの日" : "天皇誕生日";
                break;
            case 5:
                if (day == 3) return "憲法記念日";
                if (day == 4 && y >= 2007) return "みどりの日";
                if (day == 5) return "こどもの日";
                break;
            case 7:
                if (y == 2020 && day == 23) return "海の日";
                if (y == 2021 && day == 22) return "海の日";
                if (y == 2020 && day == 24) return "スポーツの日";
                if (y == 2021 && day == 23) return "スポーツの日";
                if (y is 2020 or 2021) break;
                if (y >= 2003 ? IsNthMonday(d, 3) : y >= 1996 && day == 20) return "海の日";
                break;
            case 8:
                if (y == 2020 && day == 10) return "山の日";
                if (y == 2021 && day == 8) return "山の日";
                if (y >= 2016 && y is not 2020 and not 2021 && day == 11) return "山の日";
                break;
            case 9:
                if (y >= 1966 && (y >= 2003 ? IsNthMonday(d, 3) : day == 15)) return "敬老の日";
                if (day == AutumnalEquinox(y)) return "秋分の日";
                break;
            case 10:
                if (y is 2020 or 2021) break;
                if (y >= 2000 ? IsNthMonday(d, 2) : y >= 1966 && day == 10)
                    return y >= 2020 ? "スポーツの日" : "体育の日";
                break;
            case 11:
                if (day == 3) return "文化の日";
                if (day == 23) return "勤労感謝の日";
                break;
            case 12:
                if (day == 23 && y is >= 1989 and <= 2018) return "天皇誕生日";
                break;
        }
        return null;
    }

    private static bool IsNthMonday(DateOnly d, int n) => d.DayOfWeek == DayOfWeek.Monday && (d.Day - 1) / 7 == n - 1;

    // The approximation published for 1900–2099 (海上保安庁 / 国立天文台 formula).
    private static int VernalEquinox(int y) => y switch
    {
        <= 1979 => (int)(20.8357 + 0.242194 * (y - 1980) - (int)((y - 1983) / 4.0)),
        <= 2099 => (int)(20.8431 + 0.242194 * (y - 1980) - (int)((y - 1980) / 4.0)),
        _ => (int)(21.8510 + 0.242194 * (y - 1980) - (int)((y - 1980) / 4.0)),
    };

    private static int AutumnalEquinox(int y) => y switch
    {
        <= 1979 => (int)(23.2588 + 0.242194 * (y - 1980) - (int)((y - 1983) / 4.0)),
        <= 2099 => (int)(23.2488 + 0.242194 * (y - 1980) - (int)((y - 1980) / 4.0)),
        _ => (int)(24.2488 + 0.242194 * (y - 1980) - (int)((y - 1980) / 4.0)),
    };
}
