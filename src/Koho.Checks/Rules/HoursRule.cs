using Koho.Checks.Calendar;

namespace Koho.Checks.Rules;

/// <summary>
/// Official posts outside working hours (weekends, national holidays, 年末年始, municipal closed days, before or
/// after hours) unless the post's category may go out at any time: disaster information always, others where
/// the pack allows (Joetsu 6(1)②: events). Private posts during working hours.
/// </summary>
internal sealed class HoursRule : IRule
{
    public void Apply(CheckContext context)
    {
        if (context.Draft.ScheduledAt is not { } at) return;
        var reason = context.Pack.Calendar.OutsideReason(at);
        var local = at.ToOffset(WorkingCalendar.Jst);
        var when = $"{local:yyyy年M月d日 HH:mm}";
        var hours = $"{context.Pack.Calendar.Start:HH\\:mm}〜{context.Pack.Calendar.End:HH\\:mm}";
        if (context.Draft.Mode == PostMode.Official)
        {
            if (reason is null || context.Pack.AllowsOutOfHours(context.Draft.Category)) return;
            context.Report(Categories.OutsideHours, "hours.outside", 0, 0,
                $"投稿予定（{when}）は勤務時間外です（{reason}）。{RuleSet.Advice(Categories.OutsideHours)}",
                $"平日の {hours} に予約してください（災害・緊急情報はこの限りではありません）。", Confidence.Strong);
        }
        else if (reason is null)
        {
            context.Report(Categories.DuringWorkHours, "hours.during-work", 0, 0,
                $"投稿予定（{when}）は勤務時間中です。{RuleSet.Advice(Categories.DuringWorkHours)}時間外勤務中や出張中も同じです。",
                "休憩時間や勤務時間外に投稿してください。", Confidence.Strong);
        }
    }
}
