using Koho.Checks;

namespace Koho.Packs.Tests.Scenarios;

/// <summary>
/// Each source guideline's distinctive rules, proved through what Koho does with its pack: the checker's verdicts
/// for the content rules, and the pack's stated steps and settings for the features that act on them (accounts #5,
/// posts #6), each cited back to its clause.
/// </summary>
public sealed class PackScenarioTests
{
    private static readonly DateTimeOffset WeekdayMorning = new(2026, 12, 9, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset Saturday = new(2026, 12, 12, 10, 0, 0, TimeSpan.FromHours(9));

    private static GuidelinePack Pack(string id) => PackCatalog.BuiltIn.Get(id);

    private static IReadOnlyList<Finding> Check(string packId, Draft draft) =>
        Checker.Check(draft, Checker.Compile(PackCatalog.BuiltIn.CheckerPack(packId))).Findings;

    private static Finding? Of(IReadOnlyList<Finding> findings, string category) => findings.FirstOrDefault(f => f.Category == category);

    [Fact]
    public void Joetsu_blocks_shorteners_and_out_of_hours_posts_except_disasters_and_events_renews_plans_yearly_and_posts_monthly()
    {
        var shortener = Of(Check("joetsu", new Draft("詳しくは https://bit.ly/abc をご覧ください。") { ScheduledAt = WeekdayMorning }), Categories.UrlShortener);
        Assert.Equal(Severity.Block, shortener?.Severity);
        var saturday = Of(Check("joetsu", new Draft("市民課からのお知らせです。") { ScheduledAt = Saturday }), Categories.OutsideHours);
        Assert.Equal(Severity.Block, saturday?.Severity);
        Assert.Contains(saturday!.Clauses, c => c.Clause == "6(1)②");
        foreach (var exempt in new[] { PostCategory.Disaster, PostCategory.Event })
            Assert.Null(Of(Check("joetsu", new Draft("本日のお知らせです。") { ScheduledAt = Saturday, Category = exempt }), Categories.OutsideHours));

        var life = Pack("joetsu").Lifecycle;
        Assert.Equal("fiscal-year", life.PlanPeriod.Value);
        Assert.Contains("6(1)①", life.PlanPeriod.Clauses);
        Assert.Equal(1, life.MinimumPostsPerMonth.Value);
        Assert.Contains("4(4)②", life.MinimumPostsPerMonth.Clauses);
    }

    [Fact]
    public void Komae_flags_masks_and_repeats_requires_the_council_for_a_new_account_and_never_deletes_a_stopped_one()
    {
        Assert.NotNull(Of(Check("komae", new Draft("例の××議員の発言について説明があります。") { ScheduledAt = WeekdayMorning }), Categories.MaskedText));
        var repeat = new Draft("本日は狛江駅前で献血を行っています。") { ScheduledAt = WeekdayMorning, Recent = ["本日は狛江駅前で献血を行っています。"] };
        Assert.NotNull(Of(Check("komae", repeat), Categories.RepeatedPost));

        var pack = Pack("komae");
        var council = Assert.Single(pack.Opening.Steps, s => s.Actor == "council");
        Assert.Equal("行政情報化推進委員会", pack.Offices.Council);
        Assert.False(council.NewPlatformOnly); // every new department account, not only a new platform (4(2)ア・ウ)
        Assert.True(council.ChairMayOverride); // 委員長が特に必要と認めるとき
        Assert.Contains("4(2)ウ", council.Clauses);
        var withdrawal = pack.Lifecycle.Withdrawal;
        Assert.False(withdrawal.DeleteAfterNotice.Value);
        Assert.True(withdrawal.KeepMonitoring.Value);
        Assert.Contains("4(5)エ", withdrawal.DeleteAfterNotice.Clauses);
        var hijacking = Assert.Single(pack.Incidents, i => i.Type == "hijacking");
        Assert.Equal(["accountManager", "ciso"], hijacking.Escalation);
        Assert.Contains(hijacking.Steps, s => s.Record == "evidence");
    }

    [Fact]
    public void Musashino_needs_the_ICT_council_for_a_new_platform_and_allows_emergency_posts_within_a_preapproved_scope()
    {
        var pack = Pack("musashino");
        Assert.Equal("ICT戦略会議", pack.Offices.Council);
        var council = Assert.Single(pack.Opening.Steps, s => s.Actor == "council");
        Assert.True(council.NewPlatformOnly);
        Assert.Contains("2.1オ①", council.Clauses);
        var emergency = pack.Approval.Emergency;
        Assert.True(emergency.Allowed);
        Assert.Equal("accountManager", emergency.ReportTo);
        Assert.True(emergency.ReportWithinHours > 0);
        Assert.Contains("2.1ウ②", emergency.Clauses);
        Assert.False(pack.Approval.SelfApproval);
    }

    [Fact]
    public void Oizumi_requires_a_verified_account_where_offered_and_a_published_operation_policy()
    {
        var requirements = Pack("oizumi").Lifecycle.Requirements;
        Assert.True(requirements.VerifiedBadge.Value);
        Assert.Contains("4(7)②", requirements.VerifiedBadge.Clauses);
        // 4(7)①: the policy goes in the profile's free text or on the town's homepage.
        Assert.True(requirements.PolicyInProfile.Value || requirements.PolicyOnHomepage.Value);
        Assert.Contains("4(7)①", requirements.PolicyInProfile.Clauses.Concat(requirements.PolicyOnHomepage.Clauses));
    }

    [Fact]
    public void Chiyoda_flags_political_campaigning_and_consults_the_PR_and_IT_offices_before_an_account_starts()
    {
        var finding = Of(Check("chiyoda", new Draft("今度の選挙ではぜひ山田候補に投票しましょう。") { ScheduledAt = WeekdayMorning }), Categories.PoliticalNeutrality);
        Assert.NotNull(finding);
        Assert.True(finding!.Severity >= Severity.Warn);

        var pack = Pack("chiyoda");
        Assert.Equal("政策経営部広報広聴課", pack.Offices.PrOffice);
        Assert.Equal("IT推進課", pack.Offices.ItOffice);
        var steps = pack.Opening.Steps;
        var pr = steps.FindIndex(s => s.Actor == "prOffice");
        var it = steps.FindIndex(s => s.Actor == "itOffice");
        Assert.True(pr >= 0 && it >= 0);
        Assert.All(new[] { steps[pr], steps[it] }, s => Assert.Contains("4(5)", s.Clauses));
        Assert.True(Math.Max(pr, it) < steps.Count - 1, "the consultations come before the account starts");
    }

    [Theory]
    [InlineData("musashino")]
    [InlineData("joetsu")]
    [InlineData("oizumi")]
    [InlineData("komae")]
    [InlineData("chiyoda")]
    public void The_coverage_table_in_docs_is_the_one_the_pack_produces(string id)
    {
        var path = Path.Combine(Repo(), "docs", "packs", id + ".md");
        Assert.True(File.Exists(path), $"{path} is missing: run `koho pack show {id} --coverage > docs/packs/{id}.md`");
        Assert.Equal(PackCoverage.Markdown(Pack(id)), File.ReadAllText(path));
    }

    [Fact]
    public void Every_built_in_pack_covers_its_whole_guideline_and_its_file_is_named_by_its_id()
    {
        foreach (var pack in PackCatalog.BuiltIn.Packs)
        {
            Assert.True(File.Exists(Path.Combine(Repo(), "packs", pack.Id + ".yaml")));
            Assert.True(pack.Clauses.Count >= 25, $"{pack.Id}: {pack.Clauses.Count} clauses");
            Assert.Equal(IncidentPlaybook.Types.Order(), pack.Incidents.Select(i => i.Type).Order());
            var citations = PackCoverage.Citations(pack);
            Assert.All(pack.Clauses, c => Assert.True(citations[c.Id].Count > 0 || !string.IsNullOrWhiteSpace(c.Guidance), $"{pack.Id} {c.Id}"));
        }
    }

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
