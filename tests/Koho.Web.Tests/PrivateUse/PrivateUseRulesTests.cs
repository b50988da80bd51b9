using Koho.Checks;
using Koho.Packs;
using Koho.Web.Packs;
using Koho.Web.PrivateUse;

namespace Koho.Web.Tests.PrivateUse;

/// <summary>The self-check and the summary under each of the five guidelines (no database: both are pure).</summary>
public sealed class PrivateUseRulesTests
{
    private static TenantPack Pack(string id)
    {
        var pack = PackCatalog.BuiltIn.Get(id);
        return new TenantPack(pack, 0, "", Checker.Compile(pack.ToCheckerPack())); // as GuidelinePackService gives a built-in pack
    }

    private static readonly DateTimeOffset SaturdayEvening = new(2026, 12, 12, 20, 0, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData("musashino", "武蔵野市", DisclaimerState.NoProfile)]
    [InlineData("chiyoda", "千代田区", DisclaimerState.NoProfile)]
    [InlineData("joetsu", "上越市", DisclaimerState.NotRequired)]   // no disclaimer rule in the guideline
    [InlineData("komae", "狛江市", DisclaimerState.NotRequired)]
    [InlineData("oizumi", "大泉町", DisclaimerState.NotRequired)]
    public void A_post_about_the_municipality_asks_for_the_disclaimer_only_where_the_guideline_does(string id, string name, DisclaimerState expected)
    {
        var result = SelfCheck.Run(new SelfCheckInput($"{name}の新しい図書館、ぜひ行ってみてください。", null, SaturdayEvening, false, false, false), Pack(id)).Value!;
        Assert.True(result.WorkRelated);
        Assert.Equal(expected, result.Disclaimer);
        var unrelated = SelfCheck.Run(new SelfCheckInput("週末は公園を散歩しました。", null, SaturdayEvening, false, false, false), Pack(id)).Value!;
        Assert.False(unrelated.WorkRelated);
        Assert.Equal(DisclaimerState.NotRequired, unrelated.Disclaimer);
        Assert.Equal("問題なし", unrelated.Outcome);
    }

    [Fact]
    public void The_user_can_say_the_post_is_about_their_work_when_Koho_cannot_tell()
    {
        var result = SelfCheck.Run(new SelfCheckInput("今日の会議、長かった。", "写真好き", SaturdayEvening, false, false, WorkRelated: true), Pack("musashino")).Value!;
        Assert.Empty(result.WorkMentions);
        Assert.Equal(DisclaimerState.Missing, result.Disclaimer);
        Assert.Equal("要確認 1 件（免責文なし）", result.Outcome);
    }

    [Fact]
    public void Overtime_in_the_evening_is_reported_in_Joetsu_only()
    {
        var input = new SelfCheckInput("今日の晩ごはん", null, SaturdayEvening.AddDays(-3), Overtime: true, false, false);
        Assert.Contains(SelfCheck.Run(input, Pack("joetsu")).Value!.Post.Findings, f => f.Rule == "hours.overtime");
        Assert.DoesNotContain(SelfCheck.Run(input, Pack("musashino")).Value!.Post.Findings, f => f.Category == Categories.DuringWorkHours);
    }

    [Theory]
    [InlineData("musashino")]
    [InlineData("joetsu")]
    [InlineData("oizumi")]
    [InlineData("komae")]
    [InlineData("chiyoda")]
    public void Every_guidelines_summary_is_short_enough_for_one_page_and_cites_its_clauses(string id)
    {
        var doc = PrivateUseSummary.Build(Pack(id));
        Assert.InRange(doc.Sections.Count, 5, 8);
        // About 1,100 characters at 11 pt fill two thirds of an A4 sheet; the browser test prints Musashino's.
        Assert.InRange(doc.Sections.Sum(s => s.Heading.Length + s.Text.Length), 300, 1400);
        Assert.Contains(doc.Sections, s => s.Heading == "勤務時間中は使わない");
        Assert.Contains(doc.Sections, s => s.Heading == "トラブルになったら");
        Assert.All(doc.Sections.Where(s => s.Heading is "発信しない" or "細心の注意を払う"), s => Assert.Contains("（", s.Text));
    }

    [Fact]
    public void Musashinos_summary_cites_the_private_use_clauses_not_the_official_ones()
    {
        var doc = PrivateUseSummary.Build(Pack("musashino"));
        var severe = doc.Sections.Single(s => s.Heading == "発信しない").Text;
        Assert.Contains("3.2(1)", severe);
        Assert.DoesNotContain("2.2(", severe);
        Assert.DoesNotContain("2.3(", severe);
        Assert.Contains("所属長 → 人事課", doc.Sections.Single(s => s.Heading == "トラブルになったら").Text);
        Assert.Contains("令和6年2月14日", doc.Basis);
    }

    [Fact]
    public void Each_built_in_guideline_is_its_own_version_to_confirm()
    {
        // Built-in packs have no upload hash: choosing another one (or a release with a new edition) must still ask HR to publish.
        Assert.Equal(Acknowledgements.Fingerprint(Pack("musashino")), Acknowledgements.Fingerprint(Pack("musashino")));
        Assert.NotEqual(Acknowledgements.Fingerprint(Pack("musashino")), Acknowledgements.Fingerprint(Pack("komae")));
        var uploaded = Pack("musashino") with { Version = 3, Sha256 = new string('a', 64) };
        Assert.Equal(new string('a', 64), Acknowledgements.Fingerprint(uploaded));
        Assert.Equal(64, Acknowledgements.Fingerprint(Pack("joetsu")).Length);
    }

    [Fact]
    public void Joetsu_counts_overtime_in_its_summary()
    {
        var hours = PrivateUseSummary.Build(Pack("joetsu")).Sections.Single(s => s.Heading == "勤務時間中は使わない").Text;
        Assert.Contains("時間外勤務中も同じです", hours);
        Assert.DoesNotContain("時間外勤務中", PrivateUseSummary.Build(Pack("musashino")).Sections.Single(s => s.Heading == "勤務時間中は使わない").Text);
    }
}
