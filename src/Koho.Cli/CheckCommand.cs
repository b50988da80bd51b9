using Koho.Packs;
using System.Text;
using Koho.Checks;
using Koho.Checks.Io;
using Koho.Checks.Packs;

namespace Koho.Cli;

/// <summary>
/// `koho check`: the pre-publication checker on JSON Lines (--input/--output, one output line per input line in
/// the same order) or on one text from standard input (a readable Japanese report). Exit code 0 when nothing is
/// blocked, 1 when something is, 2 on bad input.
/// </summary>
internal static class CheckCommand
{
    /// <summary>What is known about a text given on standard input (a JSON line carries these itself).</summary>
    internal sealed record StdinOptions(string? Platform, string? At, string? Mode, string? Category);

    public static async Task<int> RunAsync(string? input, string? output, string? packId, string? lexiconFile, string lexiconCategory,
        TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct, StdinOptions? options = null)
    {
        packId ??= BuiltInPacks.Default;
        if (!BuiltInPacks.Exists(packId))
        {
            await stderr.WriteLineAsync($"パック「{packId}」はありません（{string.Join(", ", BuiltInPacks.Ids)}）。");
            return KohoCli.InvalidInput;
        }
        if (!Categories.IsKnown(lexiconCategory))
        {
            await stderr.WriteLineAsync($"--lexicon-category「{lexiconCategory}」は使えません（{string.Join(", ", Categories.All)}）。");
            return KohoCli.InvalidInput;
        }
        List<LexiconEntry> extra = [];
        if (lexiconFile is not null)
        {
            if (!File.Exists(lexiconFile))
            {
                await stderr.WriteLineAsync($"語彙ファイル {lexiconFile} が見つかりません。");
                return KohoCli.InvalidInput;
            }
            extra = (await File.ReadAllLinesAsync(lexiconFile, ct))
                .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => new LexiconEntry { Term = l, Category = lexiconCategory, Note = "追加語彙" }).ToList();
        }

        // Each pack is compiled once, on first use, and shared by every line and thread.
        var compiled = new System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<CompiledPack>>();
        CompiledPack Pack(string id) => compiled.GetOrAdd(id, key => new Lazy<CompiledPack>(() => Checker.Compile(BuiltInPacks.Get(key), extra))).Value;

        if (input is null) return await CheckStdinAsync(Pack(packId), options ?? new StdinOptions(null, null, null, null), stdin, stdout, stderr, ct);

        if (!File.Exists(input))
        {
            await stderr.WriteLineAsync($"入力ファイル {input} が見つかりません。");
            return KohoCli.InvalidInput;
        }
        // KOHO_CHECK_TIMINGS=1 prints where the time goes (to standard error), for bench/README.md.
        var timings = Environment.GetEnvironmentVariable("KOHO_CHECK_TIMINGS") == "1" ? System.Diagnostics.Stopwatch.StartNew() : null;
        void Lap(string phase)
        {
            if (timings is null) return;
            stderr.WriteLine($"{phase}: {timings.ElapsedMilliseconds} ms (process {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms)");
            timings.Restart();
        }
        Lap("start");

        // Compile the default pack (with any added lexicon) on one core while the input is read and parsed on the other.
        var compiling = Task.Run(() => Pack(packId), ct);
        // The input as UTF-8 bytes, cut into lines: parsed straight from the bytes, never decoded as a whole.
        var bytes = await File.ReadAllBytesAsync(input, ct);
        var lines = SplitLines(bytes);
        var requests = new CheckRequest?[lines.Count];
        var results = new byte[lines.Count][];
        var bad = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) }, i =>
        {
            var line = bytes.AsSpan(lines[i].Start, lines[i].Length);
            string? error;
            var blank = line.Trim(" \t"u8).IsEmpty;
            if (blank) error = "空の行です。";
            else if (!CheckJsonl.TryParse(line, out var request, out error)) { }
            else if (request!.PackId is { } id && !BuiltInPacks.Exists(id)) error = $"パック「{id}」はありません（{string.Join(", ", BuiltInPacks.Ids)}）。";
            else { requests[i] = request; return; }
            results[i] = CheckJsonl.FormatUtf8(blank ? "" : CheckJsonl.IdOf(line), new CheckResult([]), error);
            bad.Add($"{i + 1} 行目: {error}");
        });
        Lap("read+parse");
        await compiling;
        Lap("pack compiled (waited)");

        // Lines are independent: check them on every core, write them back in input order.
        var blocked = 0;
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            if (requests[i] is not { } request) return;
            var result = Checker.Check(request.Draft, Pack(request.PackId ?? packId));
            if (result.Blocked) Interlocked.Increment(ref blocked);
            results[i] = CheckJsonl.FormatUtf8(request.Id, result);
        });

        Lap("check+format");
        if (output is null or "-")
        {
            foreach (var r in results) await stdout.WriteLineAsync(Encoding.UTF8.GetString(r));
        }
        else
        {
            // UTF-8 bytes straight to the file: no re-encoding of 50,000 lines.
            await using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            foreach (var r in results)
            {
                file.Write(r);
                file.WriteByte((byte)'\n');
            }
        }
        Lap("write");
        foreach (var b in bad.OrderBy(b => int.Parse(b[..b.IndexOf(' ')]))) await stderr.WriteLineAsync(b);
        return !bad.IsEmpty ? KohoCli.InvalidInput : blocked > 0 ? KohoCli.Failed : KohoCli.Ok;
    }

    /// <summary>Line ranges of a UTF-8 file (LF or CRLF); a final line break does not start another line.</summary>
    private static List<(int Start, int Length)> SplitLines(byte[] bytes)
    {
        var lines = new List<(int, int)>(bytes.Length / 150 + 1);
        var start = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) start = 3; // BOM
        while (start < bytes.Length)
        {
            var nl = Array.IndexOf(bytes, (byte)'\n', start);
            var end = nl < 0 ? bytes.Length : nl;
            var length = end - start;
            if (length > 0 && bytes[end - 1] == (byte)'\r') length--;
            lines.Add((start, length));
            if (nl < 0) break;
            start = nl + 1;
        }
        return lines;
    }

    private static async Task<int> CheckStdinAsync(CompiledPack pack, StdinOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var text = (await stdin.ReadToEndAsync(ct)).TrimEnd('\r', '\n');
        if (text.Length == 0)
        {
            await stderr.WriteLineAsync("確認する文章を標準入力から渡してください（例: echo '本文' | koho check）。");
            return KohoCli.InvalidInput;
        }
        if (!DraftFields.TryCreate(text, options.Platform, options.At, options.Mode, options.Category, null, out var draft, out var errors))
        {
            foreach (var e in errors) await stderr.WriteLineAsync(e);
            return KohoCli.InvalidInput;
        }
        var result = Checker.Check(draft!, pack);
        await stdout.WriteAsync(Report(text, result, pack));
        return result.Blocked ? KohoCli.Failed : KohoCli.Ok;
    }

    /// <summary>A report a person reads: the verdict, then each finding with where, why, what to do, and the clause.</summary>
    internal static string Report(string text, CheckResult result, CompiledPack pack)
    {
        var sb = new StringBuilder();
        var blocks = result.Findings.Count(f => f.Severity == Severity.Block);
        var warns = result.Findings.Count(f => f.Severity == Severity.Warn);
        sb.AppendLine(blocks > 0 ? $"判定: このままでは投稿できません（要修正 {blocks} 件、要確認 {warns} 件）"
            : warns > 0 ? $"判定: 確認が必要です（要確認 {warns} 件）" : "判定: 問題は見つかりませんでした");
        sb.AppendLine($"ガイドライン: {pack.Pack.Title}（{pack.Pack.Municipality}）");
        var n = 0;
        foreach (var f in result.Findings)
        {
            n++;
            var where = f.Length > 0 ? $"{f.Start + 1}〜{f.Start + f.Length}文字目「{text.Substring(f.Start, f.Length)}」" : "投稿全体";
            sb.AppendLine();
            sb.AppendLine($"{n}. [{Label(f.Severity)}] {Categories.Name(f.Category)}（{f.Category}）— {where}");
            sb.AppendLine($"   {f.Message}");
            if (f.Suggestion is not null) sb.AppendLine($"   対応: {f.Suggestion}");
            foreach (var c in f.Clauses)
                sb.AppendLine($"   根拠: {c.Pack} {c.Clause}「{(c.Quote.Length > 80 ? c.Quote[..80] + "…" : c.Quote)}」");
        }
        return sb.ToString();
    }

    private static string Label(Severity s) => s switch { Severity.Block => "要修正", Severity.Warn => "要確認", _ => "参考" };

}
