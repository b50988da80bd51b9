namespace Koho.Web.Tests.Testing;

/// <summary>A clock the test moves: now plus an offset it sets.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;
}

/// <summary>A clock that starts now and moves only when the test says (for a fake platform's rate-limit window).</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

public static class WorkingTime
{
    /// <summary>
    /// A working morning (10:00 JST) at least a week ahead — a weekday that is no holiday, outside the year-end
    /// closure — so that tests do not depend on when they run.
    /// </summary>
    public static DateTimeOffset NextWorkingMorning(int daysAhead = 7)
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(daysAhead);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Koho.Checks.Calendar.JapaneseHolidays.IsHoliday(day)
               || (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3))
            day = day.AddDays(1);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9));
    }
}
