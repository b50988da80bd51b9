using Koho.Checks.Packs;

namespace Koho.Checks.Tests.Packs;

public sealed class CheckerPackTests
{
    [Fact]
    public void What_a_pack_file_leaves_out_takes_the_documented_default()
    {
        // A rule that names only the official severity, working hours without times: the private severity is a
        // warning (not silently off), the hours 8:30–17:15, hints on.
        var pack = CheckerPack.FromJson("""
            { "id": "minimal", "workingHours": {}, "clauses": [{ "id": "1" }],
              "rules": [{ "category": "rumor", "official": "block", "clauses": ["1"] }] }
            """);
        var rule = Assert.Single(pack.Rules);
        Assert.Equal(Severity.Block, rule.Official);
        Assert.Equal(Severity.Warn, rule.Private);
        Assert.Equal(new TimeOnly(8, 30), pack.WorkingHours.StartTime);
        Assert.Equal(new TimeOnly(17, 15), pack.WorkingHours.EndTime);
        Assert.True(pack.StatisticalHints);
        Assert.Equal("", pack.Title);
        Assert.Equal("", Assert.Single(pack.Clauses).Text);
        var compiled = Checker.Compile(pack);
        Assert.Equal(Severity.Warn, compiled.SeverityOf(Categories.Rumor, PostMode.Private));
    }

    [Fact]
    public void Private_use_hours_default_to_working_hours_only_and_read_in_camel_case()
    {
        // Missing or null: private posts are kept out of working hours, overtime and business trips are not duty.
        foreach (var json in new[] { """{ "id": "a" }""", """{ "id": "a", "privateUse": null }""", """{ "id": "a", "privateUse": {} }""" })
        {
            var hours = CheckerPack.FromJson(json).PrivateUse;
            Assert.Equal((true, false, false), (hours.NoPostingDuringWork, hours.IncludesOvertime, hours.IncludesBusinessTrips));
        }
        var joetsu = CheckerPack.FromJson("""
            { "id": "b", "privateUse": { "noPostingDuringWork": true, "includesOvertime": true, "includesBusinessTrips": true } }
            """).PrivateUse;
        Assert.Equal((true, true, true), (joetsu.NoPostingDuringWork, joetsu.IncludesOvertime, joetsu.IncludesBusinessTrips));
        Assert.False(CheckerPack.FromJson("""{ "id": "c", "privateUse": { "noPostingDuringWork": false } }""").PrivateUse.NoPostingDuringWork);
    }
}
