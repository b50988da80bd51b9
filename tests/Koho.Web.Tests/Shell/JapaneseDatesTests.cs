using Koho.Web.Shell;

namespace Koho.Web.Tests.Shell;

public sealed class JapaneseDatesTests
{
    [Theory]
    [InlineData(2026, 12, 2, "令和8年12月2日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    public void Wareki_is_written_as_officials_write_it(int y, int m, int d, string expected) =>
        Assert.Equal(expected, JapaneseDates.Wareki(new DateOnly(y, m, d)));

    [Fact]
    public void Dates_before_the_Japanese_calendar_fall_back_to_seireki() =>
        Assert.Equal("1800年1月1日", JapaneseDates.Wareki(new DateOnly(1800, 1, 1)));

    [Theory]
    [InlineData(2026, 4, 1, 2026)]
    [InlineData(2027, 3, 31, 2026)]
    [InlineData(2026, 3, 31, 2025)]
    public void Fiscal_year_runs_April_to_March(int y, int m, int d, int fiscalYear) =>
        Assert.Equal(fiscalYear, JapaneseDates.FiscalYear(new DateOnly(y, m, d)));

    [Theory]
    [InlineData(2026, "令和8年度")]
    [InlineData(2019, "令和元年度")] // began in 平成31, named in the new era as governments did
    [InlineData(2018, "平成30年度")]
    public void Fiscal_year_in_wareki(int fiscalYear, string expected) =>
        Assert.Equal(expected, JapaneseDates.FiscalYearWareki(fiscalYear));

    [Fact]
    public void Today_is_the_municipalitys_day_not_UTCs()
    {
        // 2026-03-31 15:30 UTC is already 2026-04-01 00:30 in Japan: a new 年度.
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero));
        var today = JapaneseDates.TodayJst(clock);
        Assert.Equal(new DateOnly(2026, 4, 1), today);
        Assert.Equal(2026, JapaneseDates.FiscalYear(today));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
