using Koho.Packs;
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

    /// <summary>
    /// drafts.jsonl: the first labelled set, which the rules were developed on. heldout.jsonl, heldout-c.jsonl and
    /// blind-d.jsonl: written independently of it and of the code, each first run blind (recall 71.9 %, 82.1 % and
    /// 67.0 %; clean drafts blocked 3/150, 1/114, 0/70), then used to generalise the rules. blind-e.jsonl: measured
    /// blind against the rules plus a statistical model trained on the other four (83.8 %, 0/50 blocked), then
    /// added to the model's training. blind-f.jsonl: measured blind against the finished checker (rules and the
    /// model trained on A–E: 92.2 %, 1/65 blocked), then used for both. blind-g.jsonl: measured blind against the
    /// checker (rules and the model trained on A–F: 99.0 %, 0/65 blocked; 98.0 % with the later bar for short drafts); nothing was tuned on it and the
    /// shipped model is not trained on it. They keep the checker from regressing on any of them; a new set should
    /// again be measured blind first.
    /// </summary>
    [Theory]
    [InlineData("drafts.jsonl", 250, 150)]
    [InlineData("heldout.jsonl", 150, 100)]
    [InlineData("heldout-c.jsonl", 120, 100)]
    [InlineData("blind-d.jsonl", 80, 60)]
    [InlineData("blind-e.jsonl", 70, 50)]
    [InlineData("blind-f.jsonl", 95, 60)]
    [InlineData("blind-g.jsonl", 95, 60)]
    public void A_labelled_set_meets_the_recall_and_false_block_targets(string file, int minExpected, int minClean)
    {
        var report = LabelledSet.Evaluate(LabelledSet.Load(Path.Combine(LabelledSet.Dir(), "..", "Labelled", file)));
        Print(report);
        Assert.True(report.Expected >= minExpected && report.Clean >= minClean, $"{file} is too small");
        Assert.True(report.Recall >= 0.95, $"{file}: recall {report.Recall:P1}");
        Assert.True(report.CleanBlocked <= report.Clean * 0.02, $"{file}: {report.CleanBlocked} of {report.Clean} clean drafts blocked");
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
                // Every finding cites something: the guideline's clauses, or Koho's stated default where it is silent.
                Assert.NotEmpty(rule.Clauses);
                Assert.All(rule.Clauses, c => Assert.Contains(c, clauses));
            }
            // A cited clause quotes text (a heading of its own has none and is never cited).
            var citedIds = pack.Rules.SelectMany(r => r.Clauses).ToHashSet();
            Assert.All(pack.Clauses.Where(c => citedIds.Contains(c.Id)), c => Assert.False(string.IsNullOrWhiteSpace(c.Text), $"{id} {c.Id} has no text"));
            Assert.All(pack.Lexicon, l => Assert.True(Categories.IsKnown(l.Category), $"{id}: {l.Term} → {l.Category}"));
        }
    }
}
