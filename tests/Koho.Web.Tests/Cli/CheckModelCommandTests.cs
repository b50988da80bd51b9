using Koho.Cli;

namespace Koho.Web.Tests.Cli;

/// <summary>`koho check-model train` and `evaluate`: the tools to retrain the checker's model and measure it on a labelled set.</summary>
public sealed class CheckModelCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(args);

    private static readonly string[] Labelled =
    [
        """{"id":"1","pack":"musashino","text":"噂によると、駅前のバス路線が廃止になるそうです。","expect":["rumor"]}""",
        """{"id":"2","pack":"komae","text":"【内部資料】補助金の審査結果一覧です。","expect":["confidential"]}""",
        """{"id":"3","text":"図書館の休館日のお知らせです。","expect":[]}""",
        """{"id":"4","text":"燃やすごみの収集日が変わります。","expect":[]}""",
    ];

    [Fact]
    public async Task Evaluate_reports_recall_per_category_and_clean_drafts_blocked()
    {
        var dir = Directory.CreateTempSubdirectory("koho-model-");
        var set = Path.Combine(dir.FullName, "set.jsonl");
        await File.WriteAllLinesAsync(set, Labelled, Ct);

        var (code, output, _) = await RunAsync("check-model", "evaluate", "--input", set);
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("4 件（問題なし 2 件）", output);
        Assert.Contains("再現率 100.0 %（2/2）", output);
        Assert.Contains("要修正判定 0.0 %（0/2）", output);
        Assert.Matches(@"rumor\s+1/1", output);

        // A model trained here, then used for the measurement.
        var model = Path.Combine(dir.FullName, "model.bin");
        (code, output, _) = await RunAsync("check-model", "train", "--input", set, "--output", model);
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("4 件の判定例から学習し", output);
        Assert.True(new FileInfo(model).Length > 0);
        (code, output, _) = await RunAsync("check-model", "evaluate", "--input", set, "--model", model);
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("再現率 100.0 %（2/2）", output);
        dir.Delete(true);
    }

    [Fact]
    public async Task Bad_labelled_sets_and_model_files_are_named_and_refused()
    {
        var dir = Directory.CreateTempSubdirectory("koho-model-");
        var set = Path.Combine(dir.FullName, "set.jsonl");
        await File.WriteAllLinesAsync(set, [Labelled[0], """{"id":"x","text":"お知らせ","expect":["gossip"]}"""], Ct);
        var (code, _, err) = await RunAsync("check-model", "evaluate", "--input", set);
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Contains("2 行目: expect", err);

        var notModel = Path.Combine(dir.FullName, "not-a-model.bin");
        await File.WriteAllTextAsync(notModel, "hello", Ct);
        await File.WriteAllLinesAsync(set, Labelled, Ct);
        (code, _, err) = await RunAsync("check-model", "evaluate", "--input", set, "--model", notModel);
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Contains("not-a-model.bin", err);

        (code, _, err) = await RunAsync("check-model", "train", "--input", Path.Combine(dir.FullName, "missing.jsonl"), "--output", Path.Combine(dir.FullName, "m.bin"));
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Contains("見つかりません", err);
        Assert.False(File.Exists(Path.Combine(dir.FullName, "m.bin")));
        dir.Delete(true);
    }
}
