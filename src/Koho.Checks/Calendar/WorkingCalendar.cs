using Koho.Checks.Packs;

namespace Koho.Checks.Calendar;

/// <summary>The municipality's office calendar: working days and hours in Japan Standard Time.</summary>
public sealed class WorkingCalendar(TimeOnly start, TimeOnly end, IReadOnlyCollection<(int Month, int Day)> closedDays, bool yearEndClosure = true)
{
    /// <summary>Japan has no daylight saving time: JST is always UTC+9.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public TimeOnly Start { get; } = start;
    public TimeOnly End { get; } = end;

    public static WorkingCalendar For(CheckerPack pack) => new(pack.WorkingHours.StartTime, pack.WorkingHours.EndTime,
        pack.ClosedDays.Select(d => (int.Parse(d[..2]), int.Parse(d[3..]))).ToList(), pack.YearEndClosure);

    /// <summary>Why a day is not a working day (土曜日, 勤労感謝の日, 年末年始 …), or null on a working day.</summary>
    public string? ClosedReason(DateOnly date)
    {
        if (date.DayOfWeek == DayOfWeek.Saturday) return "土曜日";
        if (date.DayOfWeek == DayOfWeek.Sunday) return "日曜日";
        if (JapaneseHolidays.Name(date) is { } holiday) return holiday;
        // 年末年始の休日 (12/29–1/3) under the municipalities' 休日条例.
        if (yearEndClosure && date is { Month: 12, Day: >= 29 } or { Month: 1, Day: <= 3 }) return "年末年始の閉庁日";
        if (closedDays.Contains((date.Month, date.Day))) return "閉庁日";
        return null;
    }

    /// <summary>Null during working hours on a working day; otherwise the reason, for the message.</summary>
    public string? OutsideReason(DateTimeOffset at)
    {
        var local = at.ToOffset(Jst);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (ClosedReason(date) is { } closed) return closed;
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (time < Start) return $"始業（{Start:HH\\:mm}）前";
        if (time >= End) return $"終業（{End:HH\\:mm}）後";
        return null;
    }
}
