using Koho.Packs;

namespace Koho.Checks.Tests.PrivateUse;

/// <summary>Private use on duty, per guideline: working hours for all; overtime only where the guideline says so (Joetsu 7(2)②).</summary>
public sealed class PrivateHoursTests
{
    private static readonly Dictionary<string, CompiledPack> Packs = BuiltInPacks.Ids.ToDictionary(id => id, id => Checker.Compile(BuiltInPacks.Get(id)));
    private static readonly DateTimeOffset WeekdayMorning = new(2026, 12, 9, 10, 0, 0, TimeSpan.FromHours(9));   // Wednesday
    private static readonly DateTimeOffset WeekdayEvening = new(2026, 12, 9, 20, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset Saturday = new(2026, 12, 12, 14, 0, 0, TimeSpan.FromHours(9));

    private static IReadOnlyList<Finding> Hours(string pack, DateTimeOffset? at, bool overtime = false, bool trip = false) =>
        Checker.Check(new Draft("今日の晩ごはんはカレー") { Mode = PostMode.Private, ScheduledAt = at, Overtime = overtime, BusinessTrip = trip }, Packs[pack])
            .Findings.Where(f => f.Category == Categories.DuringWorkHours).ToList();

    [Theory]
    [InlineData("musashino")]
    [InlineData("joetsu")]
    [InlineData("oizumi")]
    [InlineData("komae")]
    [InlineData("chiyoda")]
    public void A_weekday_morning_is_working_time_everywhere_and_overtime_is_named_only_where_the_guideline_names_it(string pack)
    {
        var f = Assert.Single(Hours(pack, WeekdayMorning));
        Assert.Equal("hours.during-work", f.Rule);
        Assert.Contains("2026年12月9日 10:00", f.Message);
        Assert.Equal(pack == "joetsu", f.Message.Contains("時間外勤務中", StringComparison.Ordinal));
        Assert.DoesNotContain("出張中", f.Message); // no guideline here counts business trips
        Assert.DoesNotContain("休憩時間", f.Suggestion); // no guideline defines a break
        Assert.Empty(Hours(pack, Saturday));
        Assert.Empty(Hours(pack, WeekdayEvening));
    }

    [Fact]
    public void Overtime_in_the_evening_is_duty_in_Joetsu_but_not_in_Musashino()
    {
        var joetsu = Assert.Single(Hours("joetsu", WeekdayEvening, overtime: true));
        Assert.Equal("hours.overtime", joetsu.Rule);
        Assert.Contains("時間外勤務中", joetsu.Message);
        Assert.Contains(joetsu.Clauses, c => c.Clause == "7(2)②");
        Assert.Empty(Hours("musashino", WeekdayEvening, overtime: true));
        Assert.Empty(Hours("joetsu", WeekdayEvening, trip: true)); // Joetsu says nothing of business trips
    }

    [Fact]
    public void Overtime_without_a_time_is_still_duty_where_the_guideline_says_so()
    {
        var f = Assert.Single(Hours("joetsu", null, overtime: true));
        Assert.StartsWith("投稿する時は時間外勤務中です", f.Message);
        Assert.Empty(Hours("joetsu", null));
        Assert.Empty(Hours("musashino", null, overtime: true));
    }

    [Fact]
    public void A_guideline_counting_business_trips_reports_them_and_one_allowing_private_use_on_duty_reports_nothing()
    {
        var tripPack = PackCatalog.BuiltIn.Get("musashino").ToCheckerPack(); // a copy: BuiltInPacks.Get is shared
        tripPack.PrivateUse = new Koho.Checks.Packs.PrivateUseHours { IncludesBusinessTrips = true };
        var trips = Checker.Compile(tripPack);
        var f = Assert.Single(Checker.Check(new Draft("出張先の名物") { Mode = PostMode.Private, ScheduledAt = WeekdayEvening, BusinessTrip = true }, trips).Findings,
            x => x.Category == Categories.DuringWorkHours);
        Assert.Equal("hours.business-trip", f.Rule);
        Assert.Contains("出張中も同じです", Assert.Single(Checker.Check(new Draft("昼") { Mode = PostMode.Private, ScheduledAt = WeekdayMorning }, trips).Findings,
            x => x.Category == Categories.DuringWorkHours).Message);

        var free = PackCatalog.BuiltIn.Get("musashino").ToCheckerPack();
        free.PrivateUse = new Koho.Checks.Packs.PrivateUseHours { NoPostingDuringWork = false };
        Assert.DoesNotContain(Checker.Check(new Draft("昼") { Mode = PostMode.Private, ScheduledAt = WeekdayMorning, Overtime = true }, Checker.Compile(free)).Findings,
            x => x.Category == Categories.DuringWorkHours);
    }

    [Fact]
    public void The_packs_carry_their_private_use_hours()
    {
        Assert.True(BuiltInPacks.Get("joetsu").PrivateUse.IncludesOvertime);
        Assert.False(BuiltInPacks.Get("musashino").PrivateUse.IncludesOvertime);
        Assert.All(BuiltInPacks.Ids, id => Assert.True(BuiltInPacks.Get(id).PrivateUse.NoPostingDuringWork));
    }
}
