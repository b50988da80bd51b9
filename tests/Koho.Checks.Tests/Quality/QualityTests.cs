using Koho.Checks.Packs;

namespace Koho.Checks.Tests.Quality;

/// <summary>
/// The checker on labelled drafts: recall of expected categories at least 0.95, clean drafts blocked at most
/// 2 % (the targets of issue #3), and on the shared samples every expected category and no clean block.
/// </summary>
public sealed class QualityTests(ITestOutputHelper output)
{
    private static string SharedSamples => Path.GetFullPath(Path.Combine(LabelledSet.Dir(), "..", "..", "..", "..", "shared", "checker", "samples.jsonl"));

    private void Print(LabelledSet.Report r)
    {
        output.WriteLine($"recall {r.Recall:P1} ({r.Found}/{r.Expected}); clean blocked {r.CleanBlocked}/{r.Clean}; clean warned {r.CleanWarned.Count}/{r.Clean}");
        foreach (var (cat, (e, f)) in r.ByCategory.OrderBy(x => x.Key)) output.WriteLine($"  {cat,-22} {f}/{e}");
        foreach (var m in r.Misses) output.WriteLine("MISS " + m);
        foreach (var b in r.FalseBlocks) output.WriteLine("FALSE BLOCK " + b);
        foreach (var w in r.CleanWarned) output.WriteLine("CLEAN WARNED " + w);
    }

    [Fact]
    public void The_labelled_set_meets_the_recall_and_false_block_targets()
    {
        var report = LabelledSet.Evaluate(LabelledSet.Load(Path.Combine(LabelledSet.Dir(), "..", "Labelled", "drafts.jsonl")));
        Print(report);
        Assert.True(report.Expected > 250 && report.Clean > 150, "the labelled set is too small");
        Assert.True(report.Recall >= 0.95, $"recall {report.Recall:P1}");
        Assert.True(report.CleanBlocked <= report.Clean * 0.02, $"{report.CleanBlocked} of {report.Clean} clean drafts blocked");
    }

    /// <summary>
    /// A second set written independently of the first (and of the checker's code), to see how the checker does
    /// on drafts it was not tuned on.
    /// </summary>
    [Fact]
    public void The_held_out_set_meets_the_targets_too()
    {
        var report = LabelledSet.Evaluate(LabelledSet.Load(Path.Combine(LabelledSet.Dir(), "..", "Labelled", "heldout.jsonl")));
        Print(report);
        Assert.True(report.Expected > 150 && report.Clean > 100, "the held-out set is too small");
        Assert.True(report.Recall >= 0.95, $"recall {report.Recall:P1}");
        Assert.True(report.CleanBlocked <= report.Clean * 0.02, $"{report.CleanBlocked} of {report.Clean} clean drafts blocked");
    }

    /// <summary>A third set, also written independently; measured blind before any rule was changed for it.</summary>
    [Fact]
    public void The_third_set_meets_the_targets_too()
    {
        var report = LabelledSet.Evaluate(LabelledSet.Load(Path.Combine(LabelledSet.Dir(), "..", "Labelled", "heldout-c.jsonl")));
        Print(report);
        Assert.True(report.Expected > 120 && report.Clean > 100, "the third set is too small");
        Assert.True(report.Recall >= 0.95, $"recall {report.Recall:P1}");
        Assert.True(report.CleanBlocked <= report.Clean * 0.02, $"{report.CleanBlocked} of {report.Clean} clean drafts blocked");
    }

    [Fact]
    public void Every_expected_category_of_the_shared_samples_is_reported_and_no_clean_sample_is_blocked()
    {
        Assert.SkipUnless(File.Exists(SharedSamples), $"{SharedSamples} がありません。");
        var report = LabelledSet.Evaluate(LabelledSet.Load(SharedSamples));
        Print(report);
        Assert.Empty(report.Misses);
        Assert.Empty(report.FalseBlocks);
    }

    [Fact]
    public void Every_built_in_pack_covers_every_category_and_cites_clauses_it_quotes()
    {
        foreach (var id in BuiltInPacks.Ids)
        {
            var pack = BuiltInPacks.Get(id);
            Assert.Equal(id, pack.Id);
            Assert.Equal(Categories.All.Order(), pack.Rules.Select(r => r.Category).Order());
            var clauses = pack.Clauses.Select(c => c.Id).ToHashSet();
            foreach (var rule in pack.Rules)
            {
                Assert.NotEmpty(rule.Clauses);
                Assert.All(rule.Clauses, c => Assert.Contains(c, clauses));
            }
            Assert.All(pack.Clauses, c => Assert.False(string.IsNullOrWhiteSpace(c.Text), $"{id} {c.Id} has no text"));
            Assert.All(pack.Lexicon, l => Assert.True(Categories.IsKnown(l.Category), $"{id}: {l.Term} → {l.Category}"));
        }
    }
}
