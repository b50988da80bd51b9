using Koho.Cli;

namespace Koho.Web.Tests.Cli;

/// <summary>`koho pack validate / list / show`.</summary>
public sealed class PackCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(args);

    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Fact]
    public async Task Validate_accepts_every_built_in_pack_file()
    {
        foreach (var id in new[] { "musashino", "joetsu", "oizumi", "komae", "chiyoda" })
        {
            var (code, output, error) = await RunAsync("pack", "validate", Path.Combine(Repo(), "packs", id + ".yaml"));
            Assert.True(code == KohoCli.Ok, error);
            Assert.Contains("正しいパックです", output);
        }
    }

    [Fact]
    public async Task Validate_lists_every_mistake_with_its_line_and_exits_2()
    {
        var dir = Directory.CreateTempSubdirectory("koho-pack-");
        var file = Path.Combine(dir.FullName, "myoko.yaml");
        await File.WriteAllTextAsync(file, "id: myoko\nextends: joetsu\nlocalGovernmentCode: \"152171\"\nhours:\n  end: \"7:00\"\n  start: \"08:30\"\ncolour: blue\n", Ct);
        var (code, _, error) = await RunAsync("pack", "validate", file);
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Contains("myoko.yaml 3 行目: localGovernmentCode:「152171」は正しい地方公共団体コード", error);
        Assert.Contains("myoko.yaml 5 行目: hours.end:「7:00」は 17:15 の形で書いてください。", error);
        Assert.Contains("myoko.yaml 7 行目: パック「colour」という項目はありません", error);
        Assert.Contains("3 件の誤りがあります。", error);

        (code, _, error) = await RunAsync("pack", "validate", Path.Combine(dir.FullName, "missing.yaml"));
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Contains("見つかりません", error);
        dir.Delete(true);
    }

    [Fact]
    public async Task List_and_show_describe_the_packs_and_their_coverage()
    {
        var (code, output, _) = await RunAsync("pack", "list");
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("komae      132195 狛江市", output);

        (code, output, _) = await RunAsync("pack", "show", "komae");
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("会議体=行政情報化推進委員会", output);
        Assert.Contains("停止後の削除=しない", output);

        (code, output, _) = await RunAsync("pack", "show", "komae", "--coverage");
        Assert.Equal(KohoCli.Ok, code);
        Assert.StartsWith("# 狛江市ソーシャルメディア活用ガイドライン", output);
        Assert.Contains("| 4(5)エ |", output);

        var (bad, _, error) = await RunAsync("pack", "show", "atlantis");
        Assert.Equal(KohoCli.InvalidInput, bad);
        Assert.Contains("パック「atlantis」はありません", error);
    }
}
