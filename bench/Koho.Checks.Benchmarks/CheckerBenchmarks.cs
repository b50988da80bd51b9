using Koho.Packs;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Koho.Checks;
using Koho.Checks.Io;
using Koho.Checks.Packs;

namespace Koho.Checks.Benchmarks;

/// <summary>
/// Checks every post of a corpus made by ../shared/bench/make-corpus.py with all rules on and the corpus'
/// 2,000-term lexicon added, on one thread. Throughput = UTF-8 bytes of post text ÷ time (printed at the end).
/// </summary>
[MemoryDiagnoser]
public class CheckerBenchmarks
{
    private Draft[] _drafts = [];
    private CompiledPack _pack = null!;
    private CompiledPack _packWithoutModel = null!;
    public static long TextBytes;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("KOHO_BENCH_CORPUS") ?? throw new InvalidOperationException("KOHO_BENCH_CORPUS is not set");
        _drafts = File.ReadLines(Path.Combine(dir, "posts.jsonl"))
            .Select(l => CheckJsonl.TryParse(l, out var r, out _) ? r!.Draft : throw new InvalidDataException(l))
            .Take(int.TryParse(Environment.GetEnvironmentVariable("KOHO_BENCH_POSTS"), out var n) ? n : 10_000)
            .ToArray();
        var lexicon = File.ReadLines(Path.Combine(dir, "lexicon.txt")).Where(l => l.Length > 0)
            .Select(l => new LexiconEntry { Term = l, Category = Categories.Confidential });
        _pack = Checker.Compile(BuiltInPacks.Get("musashino"), lexicon);
        _packWithoutModel = Checker.Compile(BuiltInPacks.Get("musashino"), lexicon, statisticalHints: false);
        TextBytes = _drafts.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
    }

    [Benchmark]
    public int CheckAllRules()
    {
        var findings = 0;
        foreach (var d in _drafts) findings += Checker.Check(d, _pack).Findings.Count;
        return findings;
    }

    /// <summary>The exact rules alone: what the statistical model's hints cost.</summary>
    [Benchmark]
    public int CheckRulesWithoutModel()
    {
        var findings = 0;
        foreach (var d in _drafts) findings += Checker.Check(d, _packWithoutModel).Findings.Count;
        return findings;
    }

    [Benchmark]
    public int CheckAndFormat()
    {
        var bytes = 0;
        foreach (var d in _drafts) bytes += CheckJsonl.FormatUtf8("x", Checker.Check(d, _pack)).Length;
        return bytes;
    }

    public static void Main(string[] args)
    {
        var summary = BenchmarkSwitcher.FromAssembly(typeof(CheckerBenchmarks).Assembly).Run(args);
        foreach (var report in summary.SelectMany(s => s.Reports))
        {
            if (report.ResultStatistics is null) continue;
            var seconds = report.ResultStatistics.Mean / 1e9;
            Console.WriteLine($"{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}: {TextBytesOf(report) / 1e6 / seconds:F1} MB/s of post text on one thread");
        }
    }

    // The benchmark ran in a child process; recompute the corpus size here for the throughput line.
    private static long TextBytesOf(BenchmarkDotNet.Reports.BenchmarkReport _)
    {
        if (TextBytes == 0) new CheckerBenchmarks().Setup();
        return TextBytes;
    }
}
