using System.Text.Json;
using Koho.Cli;

namespace Koho.Web.Tests.Cli;

/// <summary>`koho check` on JSON Lines and on standard input.</summary>
public sealed class CheckCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string[] Lines, string Err)> RunAsync(string[] inputLines, params string[] extraArgs)
    {
        var dir = Directory.CreateTempSubdirectory("koho-check-");
        var input = Path.Combine(dir.FullName, "in.jsonl");
        var output = Path.Combine(dir.FullName, "out.jsonl");
        await File.WriteAllLinesAsync(input, inputLines, Ct);
        var err = new StringWriter();
        var code = await KohoCli.RunAsync(["check", "--input", input, "--output", output, .. extraArgs], new StringReader(""), new StringWriter(), err);
        var lines = File.Exists(output) ? await File.ReadAllLinesAsync(output, Ct) : [];
        dir.Delete(true);
        return (code, lines, err.ToString());
    }

    [Fact]
    public async Task One_output_line_per_input_line_in_order_with_findings_and_clauses()
    {
        var (code, lines, _) = await RunAsync(
        [
            """{"id":"a","pack":"joetsu","text":"当日の連絡は担当の携帯（080-4455-6677）まで。"}""",
            """{"id":"b","text":"図書館の休館日のお知らせです。"}""",
            """{"id":"c","pack":"komae","text":"【内部資料】補助金の審査結果一覧です。"}""",
        ]);
        Assert.Equal(KohoCli.Failed, code); // something is blocked
        Assert.Equal(["a", "b", "c"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        var a = JsonDocument.Parse(lines[0]).RootElement.GetProperty("findings")[0];
        Assert.Equal("personal-info", a.GetProperty("category").GetString());
        Assert.Equal("block", a.GetProperty("severity").GetString());
        Assert.Equal("joetsu", a.GetProperty("clauses")[0].GetProperty("pack").GetString());
        Assert.Equal(0, JsonDocument.Parse(lines[1]).RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task Bad_lines_are_named_answered_in_place_and_give_exit_code_2()
    {
        var (code, lines, err) = await RunAsync(
        [
            """{"id":"ok","text":"お知らせです。"}""",
            """{"id":"broken","text":""",
            """{"id":"p","pack":"atlantis","text":"x"}""",
            """{"id":"d","text":"x","scheduledAt":"someday"}""",
        ]);
        Assert.Equal(KohoCli.InvalidInput, code);
        Assert.Equal(4, lines.Length);
        Assert.Contains("2 行目", err);
        Assert.Contains("3 行目: パック「atlantis」はありません", err);
        Assert.Contains("4 行目", err);
        Assert.True(JsonDocument.Parse(lines[2]).RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Nothing_blocked_gives_exit_code_0()
    {
        var (code, _, _) = await RunAsync(["""{"id":"x","text":"市民まつりを開催します。"}"""]);
        Assert.Equal(KohoCli.Ok, code);
    }

    [Fact]
    public async Task An_added_lexicon_reports_its_terms_under_the_chosen_category()
    {
        var lexicon = Path.GetTempFileName();
        await File.WriteAllLinesAsync(lexicon, ["ひみつ計画"], Ct);
        var (_, lines, _) = await RunAsync(["""{"id":"x","text":"ヒミツ計画について"}"""], "--lexicon", lexicon, "--lexicon-category", "undecided-policy");
        var f = JsonDocument.Parse(lines[0]).RootElement.GetProperty("findings")[0];
        Assert.Equal("undecided-policy", f.GetProperty("category").GetString());
        Assert.Equal(0, f.GetProperty("start").GetInt32());
        Assert.Equal(5, f.GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Text_on_standard_input_gets_a_readable_Japanese_report()
    {
        var stdout = new StringWriter();
        var code = await KohoCli.RunAsync(["check", "--pack", "chiyoda"], new StringReader("今度の選挙では〇〇候補をよろしくお願いします。"), stdout, new StringWriter());
        Assert.Equal(KohoCli.Failed, code);
        var report = stdout.ToString();
        Assert.Contains("判定: このままでは投稿できません", report);
        Assert.Contains("政治的中立", report);
        Assert.Contains("根拠: chiyoda", report);
    }

    [Fact]
    public async Task Standard_input_takes_the_platform_time_mode_and_category()
    {
        var stdout = new StringWriter();
        var code = await KohoCli.RunAsync(["check", "--mode", "private", "--at", "2026-12-09T10:00:00+09:00", "--platform", "x"],
            new StringReader("今日のランチはカレー。"), stdout, new StringWriter());
        Assert.Contains("勤務時間中の私的投稿", stdout.ToString());
        Assert.Equal(KohoCli.Failed, code); // Musashino blocks private posting during duty (3.1(5))
        var err = new StringWriter();
        Assert.Equal(KohoCli.InvalidInput, await KohoCli.RunAsync(["check", "--at", "next week"], new StringReader("x"), new StringWriter(), err));
        Assert.Contains("scheduledAt「next week」", err.ToString());
    }

    [Fact]
    public async Task An_unknown_pack_is_refused()
    {
        var err = new StringWriter();
        Assert.Equal(KohoCli.InvalidInput, await KohoCli.RunAsync(["check", "--pack", "nowhere"], new StringReader("x"), new StringWriter(), err));
        Assert.Contains("パック「nowhere」はありません", err.ToString());
    }
}
