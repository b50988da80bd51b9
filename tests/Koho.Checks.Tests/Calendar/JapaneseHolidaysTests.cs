using Koho.Packs;
using System.Text.RegularExpressions;
using Koho.Checks.Calendar;
using Koho.Checks.Packs;

namespace Koho.Checks.Tests.Calendar;

/// <summary>
/// National holidays computed by rule, compared day by day for 1970–2050 with the @holiday-jp/holiday_jp data
/// set (installed from the npm registry by ./test.sh; KOHO_HOLIDAY_JP points at its holidays.js).
/// </summary>
public sealed partial class JapaneseHolidaysTests
{
    [GeneratedRegex("""^\s*"(\d{4}-\d{2}-\d{2})":\s*\{""", RegexOptions.Multiline)]
    private static partial Regex DateKey();

    [Fact]
    public void Every_day_from_1970_to_2050_agrees_with_holiday_jp()
    {
        var path = Environment.GetEnvironmentVariable("KOHO_HOLIDAY_JP");
        Assert.SkipWhen(string.IsNullOrEmpty(path) || !File.Exists(path), "KOHO_HOLIDAY_JP（@holiday-jp/holiday_jp の holidays.js）がありません。./test.sh で実行してください。");
        var reference = DateKey().Matches(File.ReadAllText(path!)).Select(m => DateOnly.Parse(m.Groups[1].Value)).ToHashSet();
        Assert.True(reference.Count > 1200, $"only {reference.Count} holidays read from {path}");

        var wrong = new List<string>();
        for (var d = new DateOnly(1970, 1, 1); d <= new DateOnly(2050, 12, 31); d = d.AddDays(1))
        {
            var ours = JapaneseHolidays.IsHoliday(d);
            var theirs = reference.Contains(d);
            if (ours != theirs) wrong.Add($"{d:yyyy-MM-dd} ours={JapaneseHolidays.Name(d) ?? "-"} holiday_jp={theirs}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(50)));
    }

    [Theory]
    [InlineData("2026-11-23", "勤労感謝の日")]
    [InlineData("2026-09-22", "国民の休日")]
    [InlineData("2026-05-06", "振替休日")]
    [InlineData("2019-05-01", "天皇の即位の日")]
    [InlineData("2020-07-24", "スポーツの日")]
    [InlineData("2027-01-11", "成人の日")]
    public void Named_holidays(string date, string name) => Assert.Equal(name, JapaneseHolidays.Name(DateOnly.Parse(date)));

    [Theory]
    [InlineData("2026-12-09T10:00:00+09:00", null)]
    [InlineData("2026-12-09T08:29:00+09:00", "始業（08:30）前")]
    [InlineData("2026-12-09T17:15:00+09:00", "終業（17:15）後")]
    [InlineData("2026-12-12T10:00:00+09:00", "土曜日")]
    [InlineData("2026-12-29T10:00:00+09:00", "年末年始の閉庁日")]
    [InlineData("2027-01-04T10:00:00+09:00", null)]
    [InlineData("2026-12-09T01:00:00Z", null)] // 10:00 in Japan
    public void Working_hours_are_the_municipalitys_in_JST(string at, string? reason) =>
        Assert.Equal(reason, WorkingCalendar.For(BuiltInPacks.Get("musashino")).OutsideReason(DateTimeOffset.Parse(at)));
}
