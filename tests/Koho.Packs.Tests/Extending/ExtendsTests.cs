using FsCheck;
using FsCheck.Fluent;
using Koho.Checks;

namespace Koho.Packs.Tests.Extending;

/// <summary>A new municipality starts from the closest pack and overrides what differs.</summary>
public sealed class ExtendsTests
{
    private static GuidelinePack Load(string yaml)
    {
        var result = PackCatalog.BuiltIn.Load("new.yaml", yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Pack!;
    }

    [Fact]
    public void A_pack_that_extends_another_and_overrides_nothing_behaves_exactly_like_it()
    {
        var child = Load("id: joetsu-copy\nextends: joetsu\n");
        var baseChecker = Checker.Compile(PackCatalog.BuiltIn.CheckerPack("joetsu"));
        var childChecker = Checker.Compile(child.ToCheckerPack());

        // Drafts mixing every rule's triggers, any platform, hour, category and mode.
        string[] pieces =
        [
            "市民まつりを開催します。", "部外秘", "詳しくは https://bit.ly/x", "http://example.com/", "噂によると", "検討中です",
            "090-1234-5678", "○○課長", "マイナンバー 123456789018", "パスワードは Abc12345", "選挙では○○候補をよろしく",
            "外国人はマナーが悪い", "#7119", "https://www.city.joetsu.niigata.jp/", "ここだけの話", "😀", "ｶﾀｶﾅ",
        ];
        var drafts =
            from parts in Gen.ListOf(Gen.Elements(pieces))
            from platform in Gen.Elements(Enum.GetValues<Platform>())
            from hour in Gen.Choose(0, 23)
            from day in Gen.Choose(1, 28)
            from category in Gen.Elements(PostCategory.Normal, PostCategory.Event, PostCategory.Disaster)
            from mode in Gen.Elements(PostMode.Official, PostMode.Private)
            select new Draft(string.Concat(parts))
            {
                Platform = platform,
                ScheduledAt = new DateTimeOffset(2026, 12, day, hour, 0, 0, TimeSpan.FromHours(9)),
                Category = category,
                Mode = mode,
            };
        Prop.ForAll(drafts.ToArbitrary(), (Draft draft) =>
        {
            var a = Checker.Check(draft, baseChecker).Findings;
            var b = Checker.Check(draft, childChecker).Findings;
            // Everything but the pack id in the clause citations is the same.
            return a.Count == b.Count && a.Zip(b).All(p =>
                p.First with { Clauses = [] } == p.Second with { Clauses = [] }
                && p.First.Clauses.Select(c => (c.Clause, c.Quote)).SequenceEqual(p.Second.Clauses.Select(c => (c.Clause, c.Quote))));
        }).QuickCheckThrowOnFailure();

        // And every other part of the pack is the base's.
        var joetsu = PackCatalog.BuiltIn.Get("joetsu");
        Assert.Equal(joetsu.Title, child.Title);
        Assert.Equal(joetsu.Clauses.Select(c => c.Id), child.Clauses.Select(c => c.Id));
        Assert.Equal(joetsu.Opening.Steps.Select(s => s.Id), child.Opening.Steps.Select(s => s.Id));
        Assert.Equal(joetsu.Lifecycle.MinimumPostsPerMonth.Value, child.Lifecycle.MinimumPostsPerMonth.Value);
        Assert.Equal(joetsu.Incidents.Select(i => i.Type), child.Incidents.Select(i => i.Type));
    }

    [Fact]
    public void Mappings_merge_key_by_key_and_lists_are_replaced()
    {
        var child = Load("""
            id: joetsu-like
            extends: joetsu
            municipality: 妙高市
            localGovernmentCode: "152170"
            hours:
              start: "09:00"
            content:
              trustedDomains: [myoko-kanko.example.jp]
            """);
        var joetsu = PackCatalog.BuiltIn.Get("joetsu");
        Assert.Equal("妙高市", child.Municipality);
        Assert.Equal("09:00", child.Hours.Start);
        Assert.Equal(joetsu.Hours.End, child.Hours.End);                       // merged: the rest of hours stays
        Assert.Equal(["myoko-kanko.example.jp"], child.Content.TrustedDomains); // replaced
        Assert.Equal(joetsu.Content.Rules.Count, child.Content.Rules.Count);  // untouched part of content stays
        Assert.Equal("joetsu", child.Extends);
    }

    [Fact]
    public void A_problem_in_an_extending_pack_names_that_file_and_line()
    {
        var result = PackCatalog.BuiltIn.Load("new.yaml", "id: x1\nextends: joetsu\nhours:\n  start: \"25:00\"\n");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("new.yaml", problem.File);
        Assert.Contains("hours.start", problem.Message);
        Assert.Equal(4, problem.Line); // the line of `start:`
    }

    [Fact]
    public void Extending_a_pack_that_does_not_exist_or_in_a_cycle_is_refused_but_refining_the_built_in_pack_of_the_same_id_is_not()
    {
        Assert.Contains(PackCatalog.BuiltIn.Load("new.yaml", "id: x2\nextends: atlantis\n").Problems, p => p.Message.Contains("「atlantis」が見つかりません"));
        var (catalog, problems) = PackCatalog.Load([("a.yaml", "id: a\nextends: b\n"), ("b.yaml", "id: b\nextends: a\n")]);
        Assert.Null(catalog);
        Assert.Contains(problems, p => p.Message.Contains("循環"));
        (catalog, problems) = PackCatalog.Load([("a.yaml", "id: a\nextends: a\n")]);
        Assert.Contains(problems, p => p.Message.Contains("循環"));

        var refined = PackCatalog.BuiltIn.Load("musashino.yaml", "id: musashino\nextends: musashino\nhours:\n  start: \"09:00\"\n");
        Assert.True(refined.IsValid, string.Join("\n", refined.Problems));
        Assert.Equal("09:00", refined.Pack!.Hours.Start);
    }

    [Fact]
    public void A_pack_that_counts_overtime_and_business_trips_reaches_the_checker()
    {
        // Musashino's rules, with overtime and business trips counted as duty (as Joetsu 7(2)② counts overtime).
        var child = Load("id: musashino-strict\nextends: musashino\nprivateUse:\n  includesOvertime: true\n  includesBusinessTrips: true\n");
        var hours = child.ToCheckerPack().PrivateUse;
        Assert.Equal((true, true, true), (hours.NoPostingDuringWork, hours.IncludesOvertime, hours.IncludesBusinessTrips));
        Assert.Equal("投稿内容は私個人の意見であり、武蔵野市及び所属部署の見解を代表するものではありません", child.ToCheckerPack().Disclaimer); // merged, not replaced

        var evening = new DateTimeOffset(2026, 12, 9, 20, 0, 0, TimeSpan.FromHours(9));
        var draft = new Draft("晩ごはん") { Mode = PostMode.Private, ScheduledAt = evening, Overtime = true };
        Assert.Equal("hours.overtime", Assert.Single(Checker.Check(draft, Checker.Compile(child.ToCheckerPack())).Findings).Rule);
        Assert.Empty(Checker.Check(draft, Checker.Compile(PackCatalog.BuiltIn.CheckerPack("musashino"))).Findings);
        Assert.Equal("hours.business-trip",
            Assert.Single(Checker.Check(draft with { Overtime = false, BusinessTrip = true }, Checker.Compile(child.ToCheckerPack())).Findings).Rule);

        var free = Load("id: musashino-free\nextends: musashino\nprivateUse:\n  noPostingDuringWork: false\n");
        Assert.False(free.ToCheckerPack().PrivateUse.NoPostingDuringWork);
        Assert.Empty(Checker.Check(draft with { ScheduledAt = evening.AddHours(-10) }, Checker.Compile(free.ToCheckerPack())).Findings);
    }
}
