using Koho.Checks.Calendar;

namespace Koho.Checks.Rules;

/// <summary>
/// Official posts outside working hours (weekends, national holidays, 年末年始, municipal closed days, before or
/// after hours) unless the post's category may go out at any time: disaster information always, others where
/// the pack allows (Joetsu 6(1)②: events). Private posts during working hours, and during overtime or business trips
/// where the pack's privateUse counts them as duty.
/// </summary>
internal sealed class HoursRule : IRule
{
    public void Apply(CheckContext context)
    {
        if (context.Draft.Mode == PostMode.Private)
        {
            Private(context);
            return;
        }
        if (context.Draft.ScheduledAt is not { } at) return;
        var reason = context.Pack.Calendar.OutsideReason(at);
        if (reason is null || context.Pack.AllowsOutOfHours(context.Draft.Category)) return;
        var hours = $"{context.Pack.Calendar.Start:HH\\:mm}〜{context.Pack.Calendar.End:HH\\:mm}";
        context.Report(Categories.OutsideHours, "hours.outside", 0, 0,
            $"投稿予定（{When(at)}）は勤務時間外です（{reason}）。{RuleSet.Advice(Categories.OutsideHours)}",
            $"平日の {hours} に予約してください（災害・緊急情報はこの限りではありません）。", Confidence.Strong);
    }

    /// <summary>
    /// A private post while on duty: within working hours on a working day, or — where the pack says so — during
    /// overtime or a business trip, whenever that is (the writer says so; no calendar knows it). Overtime or a trip the
    /// pack does not count is not duty: outside working hours nothing is reported (Joetsu's pack: 出張中の扱いの定めはない).
    /// </summary>
    private static void Private(CheckContext context)
    {
        var rules = context.Pack.Pack.PrivateUse;
        if (!rules.NoPostingDuringWork) return;
        var at = context.Draft.ScheduledAt;
        // Without a time the writer still knows they will be on overtime or a trip: the message speaks of 投稿時.
        var when = at is { } t ? $"投稿予定（{When(t)}）" : "投稿時";
        // The other duty times the pack counts, named only where it counts them (most guidelines say nothing of them).
        var alsoDuty = new[] { rules.IncludesOvertime ? "時間外勤務中" : null, rules.IncludesBusinessTrips ? "出張中" : null }.OfType<string>().ToArray();
        var alsoNamed = string.Join("・", alsoDuty);
        if (at is { } time && context.Pack.Calendar.OutsideReason(time) is null)
        {
            var also = alsoDuty.Length > 0 ? $"このガイドラインでは、{alsoNamed}の私的な利用も同じく禁じられています。" : "";
            // No guideline defines a break the checker could know of: only after hours and closed days are offered.
            var suggestion = alsoDuty.Length > 0
                ? $"勤務時間外（終業後・休日。{alsoNamed}を除く）に投稿してください。"
                : "勤務時間外（終業後・休日）に投稿してください。";
            context.Report(Categories.DuringWorkHours, "hours.during-work", 0, 0,
                $"{when}は勤務時間中（平日 {context.Pack.Calendar.Start:HH\\:mm}〜{context.Pack.Calendar.End:HH\\:mm}）です。" +
                $"{RuleSet.Advice(Categories.DuringWorkHours)}{also}", suggestion, Confidence.Strong);
        }
        else if (context.Draft.Overtime && rules.IncludesOvertime)
        {
            context.Report(Categories.DuringWorkHours, "hours.overtime", 0, 0,
                $"{when}は時間外勤務中です。このガイドラインは、時間外勤務中も就業時間中と同じく私的な利用を禁じています。",
                "時間外勤務を終えてから投稿してください。", Confidence.Strong);
        }
        else if (context.Draft.BusinessTrip && rules.IncludesBusinessTrips)
        {
            context.Report(Categories.DuringWorkHours, "hours.business-trip", 0, 0,
                $"{when}は出張中です。このガイドラインは、出張中も就業時間中と同じく私的な利用を禁じています。",
                "出張を終えてから、勤務時間外に投稿してください。", Confidence.Strong);
        }
    }

    private static string When(DateTimeOffset at) => $"{at.ToOffset(WorkingCalendar.Jst):yyyy年M月d日 HH:mm}";
}
