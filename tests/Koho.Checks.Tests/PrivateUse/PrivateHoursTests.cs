using Koho.Checks.Packs;
using Koho.Packs;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>
/// Private use on duty, per guideline: working hours on working days for all five; overtime only where the guideline
/// says so (Joetsu 7(2)② 時間外勤務中を含め); business trips nowhere among the five, so only in a pack that adds them.
/// </summary>
public sealed class PrivateHoursTests
{
    private static readonly Dictionary<string, CompiledPack> Packs = BuiltInPacks.Ids.ToDictionary(id => id, id => Checker.Compile(BuiltInPacks.Get(id)));
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset WeekdayMorning = new(2026, 12, 9, 10, 0, 0, Jst);   // Wednesday
    private static readonly DateTimeOffset WeekdayEvening = new(2026, 12, 9, 20, 0, 0, Jst);
    private static readonly DateTimeOffset Saturday = new(2026, 12, 12, 14, 0, 0, Jst);

    public static readonly TheoryData<string, Severity, string> Guidelines = new()
    {
        { "musashino", Severity.Block, "3.1(5)" },
        { "joetsu", Severity.Block, "7(2)②" },
        { "komae", Severity.Block, "4(4)エ" },
        { "oizumi", Severity.Warn, "4(2)" },   // no express prohibition: Koho's reading of 職務専念義務
        { "chiyoda", Severity.Warn, "6(4)" },
    };

    private static IReadOnlyList<Finding> Hours(CompiledPack pack, DateTimeOffset? at, bool overtime = false, bool trip = false, PostMode mode = PostMode.Private) =>
        Checker.Check(new Draft("今日の晩ごはんはカレー") { Mode = mode, ScheduledAt = at, Overtime = overtime, BusinessTrip = trip }, pack)
            .Findings.Where(f => f.Category is Categories.DuringWorkHours or Categories.OutsideHours).ToList();

    private static IReadOnlyList<Finding> Hours(string pack, DateTimeOffset? at, bool overtime = false, bool trip = false) => Hours(Packs[pack], at, overtime, trip);

    /// <summary>A copy of a built-in pack with other private-use hours (BuiltInPacks.Get is shared, so not that one).</summary>
    private static CompiledPack With(string id, PrivateUseHours hours)
    {
        var pack = PackCatalog.BuiltIn.Get(id).ToCheckerPack();
        pack.PrivateUse = hours;
        return Checker.Compile(pack);
    }

    [Theory]
    [MemberData(nameof(Guidelines))]
    public void A_weekday_morning_is_working_time_everywhere_and_overtime_is_named_only_where_the_guideline_names_it(string pack, Severity severity, string clause)
    {
        var f = Assert.Single(Hours(pack, WeekdayMorning));
        Assert.Equal(("hours.during-work", Categories.DuringWorkHours, severity), (f.Rule, f.Category, f.Severity));
        Assert.Equal((0, 0), (f.Start, f.Length)); // about the whole draft
        Assert.Contains(f.Clauses, c => c.Clause == clause && c.Pack == pack);
        Assert.StartsWith("投稿予定（2026年12月9日 10:00）は勤務時間中（平日 ", f.Message);
        Assert.Contains("職務専念義務", f.Message);
        Assert.Equal(pack == "joetsu", f.Message.Contains("時間外勤務", StringComparison.Ordinal));
        Assert.DoesNotContain("出張", f.Message); // none of the five counts business trips
        Assert.DoesNotContain("休憩", f.Suggestion); // no guideline defines a break
        Assert.Equal(pack == "joetsu" ? "勤務時間外（終業後・休日。時間外勤務中を除く）に投稿してください。" : "勤務時間外（終業後・休日）に投稿してください。", f.Suggestion);
    }

    [Theory]
    [InlineData("musashino")]
    [InlineData("joetsu")]
    [InlineData("komae")]
    [InlineData("oizumi")]
    [InlineData("chiyoda")]
    public void Weekends_holidays_the_year_end_and_after_hours_are_private_time(string pack)
    {
        Assert.Empty(Hours(pack, Saturday));
        Assert.Empty(Hours(pack, WeekdayEvening));
        Assert.Empty(Hours(pack, new DateTimeOffset(2026, 11, 23, 10, 0, 0, Jst))); // 勤労感謝の日 (a Monday)
        Assert.Empty(Hours(pack, new DateTimeOffset(2026, 12, 29, 10, 0, 0, Jst))); // 年末年始
        Assert.Empty(Hours(pack, new DateTimeOffset(2026, 12, 9, 8, 0, 0, Jst)));   // before 8:30
        Assert.Empty(Hours(pack, null)); // no time, no duty said: nothing to check
        // Hours in another time zone are compared in JST: 01:00 UTC is 10:00 JST.
        Assert.Single(Hours(pack, new DateTimeOffset(2026, 12, 9, 1, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Working_hours_start_at_the_start_and_end_before_the_end()
    {
        Assert.Single(Hours("musashino", new DateTimeOffset(2026, 12, 9, 8, 30, 0, Jst)));
        Assert.Single(Hours("musashino", new DateTimeOffset(2026, 12, 9, 17, 14, 0, Jst)));
        Assert.Empty(Hours("musashino", new DateTimeOffset(2026, 12, 9, 17, 15, 0, Jst)));
    }

    [Fact]
    public void Overtime_in_the_evening_is_duty_in_Joetsu()
    {
        var f = Assert.Single(Hours("joetsu", WeekdayEvening, overtime: true));
        Assert.Equal(("hours.overtime", Categories.DuringWorkHours, Severity.Block, 0, 0), (f.Rule, f.Category, f.Severity, f.Start, f.Length));
        Assert.Equal("投稿予定（2026年12月9日 20:00）は時間外勤務中です。このガイドラインは、時間外勤務中も就業時間中と同じく私的な利用を禁じています。", f.Message);
        Assert.Equal("時間外勤務を終えてから投稿してください。", f.Suggestion);
        Assert.Contains(f.Clauses, c => c.Clause == "7(2)②" && c.Quote.Contains("時間外勤務中を含め"));
        // 休日出勤 is overtime too.
        Assert.Equal("hours.overtime", Assert.Single(Hours("joetsu", Saturday, overtime: true)).Rule);
    }

    [Theory]
    [InlineData("musashino")]
    [InlineData("komae")]
    [InlineData("oizumi")]
    [InlineData("chiyoda")]
    public void Overtime_outside_working_hours_is_not_duty_where_the_guideline_does_not_say_so(string pack)
    {
        Assert.Empty(Hours(pack, WeekdayEvening, overtime: true));
        Assert.Empty(Hours(pack, Saturday, overtime: true, trip: true));
        Assert.Empty(Hours(pack, null, overtime: true));
    }

    [Fact]
    public void A_business_trip_is_not_duty_in_Joetsu_outside_working_hours_but_within_them_it_is_working_time()
    {
        Assert.Empty(Hours("joetsu", WeekdayEvening, trip: true)); // 出張中の扱いの定めはない (the pack's default)
        Assert.Equal("hours.during-work", Assert.Single(Hours("joetsu", WeekdayMorning, trip: true)).Rule);
    }

    [Fact]
    public void Overtime_during_working_hours_is_reported_once_as_working_time()
    {
        var f = Assert.Single(Hours("joetsu", WeekdayMorning, overtime: true));
        Assert.Equal("hours.during-work", f.Rule);
    }

    [Fact]
    public void Overtime_without_a_time_is_still_duty_where_the_guideline_says_so()
    {
        var f = Assert.Single(Hours("joetsu", null, overtime: true));
        Assert.Equal("hours.overtime", f.Rule);
        Assert.StartsWith("投稿時は時間外勤務中です。", f.Message);
        Assert.DoesNotContain("年", f.Message);
        Assert.Empty(Hours("joetsu", null));
        Assert.Empty(Hours("joetsu", null, trip: true));
    }

    [Fact]
    public void A_pack_counting_business_trips_reports_them_and_names_them_in_the_working_time_message()
    {
        var trips = With("musashino", new PrivateUseHours { IncludesBusinessTrips = true });
        var f = Assert.Single(Hours(trips, WeekdayEvening, trip: true));
        Assert.Equal(("hours.business-trip", Severity.Block), (f.Rule, f.Severity));
        Assert.Equal("投稿予定（2026年12月9日 20:00）は出張中です。このガイドラインは、出張中も就業時間中と同じく私的な利用を禁じています。", f.Message);
        Assert.StartsWith("投稿時は出張中です。", Assert.Single(Hours(trips, null, trip: true)).Message);
        Assert.Empty(Hours(trips, WeekdayEvening, overtime: true)); // trips, not overtime

        var during = Assert.Single(Hours(trips, WeekdayMorning));
        Assert.EndsWith("このガイドラインでは、出張中の私的な利用も同じく禁じられています。", during.Message);
        Assert.DoesNotContain("時間外勤務", during.Message);

        var both = Assert.Single(Hours(With("joetsu", new PrivateUseHours { IncludesOvertime = true, IncludesBusinessTrips = true }), WeekdayMorning));
        Assert.EndsWith("このガイドラインでは、時間外勤務中・出張中の私的な利用も同じく禁じられています。", both.Message);
        Assert.Equal("勤務時間外（終業後・休日。時間外勤務中・出張中を除く）に投稿してください。", both.Suggestion);
    }

    [Fact]
    public void A_pack_allowing_private_use_on_duty_reports_nothing()
    {
        var free = With("joetsu", new PrivateUseHours { NoPostingDuringWork = false, IncludesOvertime = true, IncludesBusinessTrips = true });
        Assert.Empty(Hours(free, WeekdayMorning));
        Assert.Empty(Hours(free, WeekdayEvening, overtime: true, trip: true));
        Assert.Empty(Hours(free, null, overtime: true));
    }

    [Fact]
    public void Official_posts_are_not_private_use_whatever_the_writer_is_doing()
    {
        Assert.Empty(Hours(Packs["joetsu"], WeekdayMorning, overtime: true, mode: PostMode.Official));
        Assert.Equal("hours.outside", Assert.Single(Hours(Packs["joetsu"], WeekdayEvening, overtime: true, mode: PostMode.Official)).Rule);
    }

    [Fact]
    public void The_packs_carry_their_private_use_hours()
    {
        Assert.True(BuiltInPacks.Get("joetsu").PrivateUse.IncludesOvertime);
        Assert.All(BuiltInPacks.Ids.Where(id => id != "joetsu"), id => Assert.False(BuiltInPacks.Get(id).PrivateUse.IncludesOvertime));
        Assert.All(BuiltInPacks.Ids, id => Assert.False(BuiltInPacks.Get(id).PrivateUse.IncludesBusinessTrips));
        Assert.All(BuiltInPacks.Ids, id => Assert.True(BuiltInPacks.Get(id).PrivateUse.NoPostingDuringWork));
    }
}
