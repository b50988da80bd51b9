using Koho.Packs;
using System.Text.Json;
using Koho.Checks;
using Koho.Checks.Io;
using Koho.Checks.Packs;
using Koho.Checks.Statistical;

namespace Koho.Cli;

/// <summary>
/// `koho check-model`: train the checker's statistical model from labelled drafts, and measure the whole checker
/// on a labelled set (recall per category, clean drafts blocked or warned) — the figures the quality target is
/// stated in. Labelled drafts are JSON Lines in the `koho check` input format with `expect` (see
/// tests/Koho.Checks.Tests/Labelled/README.md).
/// </summary>
internal static class ModelCommand
{
    public static async Task<int> TrainAsync(string[] inputs, string output, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var examples = new List<LabelledText>();
        foreach (var input in inputs)
        {
            var set = await ReadLabelledAsync(input, stderr, ct);
            if (set is null) return KohoCli.InvalidInput;
            examples.AddRange(set.Select(d => new LabelledText(d.Text, d.Expect)));
        }
        var model = SemanticModelTrainer.Train(examples);
        await using (var file = File.Create(output)) model.Write(file);
        await stdout.WriteLineAsync($"{examples.Count} 件の判定例から学習し、{output} に書きました。");
        return KohoCli.Ok;
    }

    public static async Task<int> EvaluateAsync(string[] inputs, string? modelFile, bool noModel, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        SemanticModel? model = null;
        if (modelFile is not null)
        {
            if (!File.Exists(modelFile))
            {
                await stderr.WriteLineAsync($"モデルファイル {modelFile} が見つかりません。");
                return KohoCli.InvalidInput;
            }
            await using var file = File.OpenRead(modelFile);
            try { model = SemanticModel.Read(file); }
            catch (InvalidDataException e)
            {
                await stderr.WriteLineAsync($"{modelFile}: {e.Message}");
                return KohoCli.InvalidInput;
            }
        }
        var packs = new Dictionary<string, CompiledPack>();
        CompiledPack Pack(string id)
        {
            if (packs.TryGetValue(id, out var p)) return p;
            return packs[id] = Checker.Compile(BuiltInPacks.Get(id), null, model, statisticalHints: !noModel);
        }

        var expected = new Dictionary<string, (int Total, int Found)>();
        int clean = 0, cleanBlocked = 0, cleanWarned = 0, drafts = 0;
        foreach (var input in inputs)
        {
            var set = await ReadLabelledAsync(input, stderr, ct);
            if (set is null) return KohoCli.InvalidInput;
            foreach (var d in set)
            {
                drafts++;
                var result = Checker.Check(d.Draft, Pack(d.Pack ?? BuiltInPacks.Default));
                var reported = result.Findings.Where(f => f.Severity >= Severity.Warn).Select(f => f.Category).ToHashSet();
                if (d.Expect.Count == 0)
                {
                    clean++;
                    if (result.Blocked) cleanBlocked++;
                    else if (reported.Count > 0) cleanWarned++;
                }
                foreach (var e in d.Expect)
                {
                    var (total, found) = expected.GetValueOrDefault(e);
                    expected[e] = (total + 1, found + (reported.Contains(e) ? 1 : 0));
                }
            }
        }
        var all = expected.Values.Sum(v => v.Total);
        var hit = expected.Values.Sum(v => v.Found);
        await stdout.WriteLineAsync($"{drafts} 件（問題なし {clean} 件）");
        await stdout.WriteLineAsync($"再現率 {Ratio(hit, all)}（{hit}/{all}）、問題のない投稿の要修正判定 {Ratio(cleanBlocked, clean)}（{cleanBlocked}/{clean}）、要確認のみ {cleanWarned}/{clean}");
        foreach (var (category, (total, found)) in expected.OrderBy(e => Array.IndexOf(Categories.All.ToArray(), e.Key)))
            await stdout.WriteLineAsync($"  {category,-22} {found,3}/{total,-3} {Ratio(found, total)}");
        return KohoCli.Ok;
    }

    private static string Ratio(int a, int b) => b == 0 ? "—" : $"{100.0 * a / b:F1} %";

    private sealed record Labelled(Draft Draft, string Text, string? Pack, IReadOnlyCollection<string> Expect);

    /// <summary>A labelled set, or null after naming the first bad line.</summary>
    private static async Task<List<Labelled>?> ReadLabelledAsync(string path, TextWriter stderr, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"入力ファイル {path} が見つかりません。");
            return null;
        }
        var set = new List<Labelled>();
        var number = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            if (!CheckJsonl.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var request, out var error))
            {
                await stderr.WriteLineAsync($"{path} {number} 行目: {error}");
                return null;
            }
            using var json = JsonDocument.Parse(line);
            if (!json.RootElement.TryGetProperty("expect", out var expect) || expect.ValueKind != JsonValueKind.Array
                || expect.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || !Categories.IsKnown(e.GetString()!)))
            {
                await stderr.WriteLineAsync($"{path} {number} 行目: expect（分類の配列）がないか、知らない分類があります。");
                return null;
            }
            set.Add(new Labelled(request!.Draft, request.Draft.Text, request.PackId, expect.EnumerateArray().Select(e => e.GetString()!).ToArray()));
        }
        return set;
    }
}
