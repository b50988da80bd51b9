namespace Koho.Packs.Tests.Loading;

/// <summary>
/// A pack with a mistake is refused with every mistake named by line, in Japanese — the messages an administrator
/// reads from `koho pack validate` or the upload page.
/// </summary>
public sealed class PackValidationTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static string Komae => File.ReadAllText(Path.Combine(Repo(), "packs", "komae.yaml"));

    /// <summary>The komae pack with one line replaced; the line number of the change is returned.</summary>
    private static (string Yaml, int Line) Change(string find, string replace)
    {
        var lines = Komae.Split('\n').ToList();
        var index = lines.FindIndex(l => l.Contains(find, StringComparison.Ordinal));
        Assert.True(index >= 0, $"komae.yaml has no line with {find}");
        lines[index] = lines[index].Replace(find, replace, StringComparison.Ordinal);
        return (string.Join('\n', lines), index + 1);
    }

    private static IReadOnlyList<PackProblem> Problems(string yaml)
    {
        var result = PackCatalog.BuiltIn.Load("komae-test.yaml", yaml);
        Assert.False(result.IsValid);
        return result.Problems;
    }

    [Fact]
    public void The_built_in_pack_itself_is_valid()
    {
        var result = PackCatalog.BuiltIn.Load("komae-test.yaml", Komae);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void An_unknown_key_is_named_with_its_line_and_the_keys_that_exist()
    {
        var (yaml, line) = Change("municipality:", "municipalty:");
        var problem = Assert.Single(Problems(yaml), p => p.Message.Contains("municipalty"));
        Assert.Equal(line, problem.Line);
        Assert.Contains("という項目はありません", problem.Message);
        Assert.Contains("municipality", problem.Message);
        Assert.Equal("komae-test.yaml", problem.File);
    }

    [Fact]
    public void A_severity_that_does_not_exist_is_refused_at_its_rule()
    {
        var (yaml, _) = Change("official: block", "official: blok");
        var problem = Assert.Single(Problems(yaml), p => p.Message.Contains("blok"));
        Assert.Contains("block / warn / info / off", problem.Message);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void A_rule_citing_a_clause_the_pack_does_not_have_is_refused()
    {
        var (yaml, line) = Change("    - 4(4)ア", "    - 9(9)ン");
        var problem = Assert.Single(Problems(yaml), p => p.Message.Contains("条項「9(9)ン」はこのパックの clauses にありません"));
        Assert.True(problem.Line > 0 && problem.Line <= line, "points at the rule that cites it");
    }

    [Fact]
    public void Words_where_numbers_or_yes_no_belong_are_refused()
    {
        var (yaml, line) = Change("acknowledgeWithinMinutes:", "acknowledgeWithinMinutes: soon #");
        var problem = Assert.Single(Problems(yaml), p => p.Message.Contains("soon"));
        Assert.Contains("整数ではありません", problem.Message);
        Assert.Equal(line, problem.Line);

        (yaml, _) = Change("yearEndClosure: true", "yearEndClosure: maybe");
        Assert.Contains(Problems(yaml), p => p.Message.Contains("true か false"));
    }

    [Fact]
    public void Self_approval_and_an_invalid_code_are_refused()
    {
        var (yaml, _) = Change("selfApproval: false", "selfApproval: true");
        Assert.Contains(Problems(yaml), p => p.Message.Contains("投稿者本人による承認を認めません"));
        (yaml, _) = Change("localGovernmentCode: '132195'", "localGovernmentCode: '132196'");
        Assert.Contains(Problems(yaml), p => p.Message.Contains("正しい地方公共団体コード"));
    }

    [Fact]
    public void Every_mistake_is_reported_not_only_the_first()
    {
        var (yaml, _) = Change("municipality:", "municipalty:");
        yaml = yaml.Replace("official: block", "official: blok", StringComparison.Ordinal);
        var problems = Problems(yaml);
        Assert.Contains(problems, p => p.Message.Contains("municipalty"));
        Assert.Contains(problems, p => p.Message.Contains("blok"));
    }

    [Fact]
    public void Text_that_is_not_yaml_is_refused_with_a_line()
    {
        var problem = Assert.Single(Problems("id: komae\nclauses: [unclosed\n"));
        Assert.Contains("YAML として読めません", problem.Message);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void A_missing_basis_and_an_uncited_clause_without_guidance_are_refused()
    {
        var yaml = Komae;
        // Drop every `guidance:` line: the clauses that no rule cites are then unexplained.
        var withoutGuidance = string.Join('\n', yaml.Split('\n').Where(l => !l.TrimStart().StartsWith("guidance:", StringComparison.Ordinal)));
        Assert.Contains(Problems(withoutGuidance), p => p.Message.Contains("どの規則も引用していません"));
    }
}
