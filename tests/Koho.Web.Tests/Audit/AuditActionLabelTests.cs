using System.Text.RegularExpressions;
using Koho.Web.Audit;

namespace Koho.Web.Tests.Audit;

public sealed partial class AuditActionLabelTests
{
    [GeneratedRegex("\"((?:tenant|department|user|account|application|directory|pack|audit|post|publishing|emergency-scope)\\.[a-z-]+)\"")]
    private static partial Regex ActionLiteral();

    /// <summary>Auditors read Japanese: every action the code records has a label (a new one without fails here).</summary>
    [Fact]
    public void Every_recorded_action_has_a_Japanese_label()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Koho.sln"))) dir = Path.GetDirectoryName(dir)!;
        var sources = Directory.EnumerateFiles(Path.Combine(dir, "src", "Koho.Web"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var actions = sources.SelectMany(f => ActionLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.Contains("post.published", actions);
        Assert.Empty(actions.Where(a => !AuditActions.IsKnown(a)).Order());
        foreach (var kind in new[] { "approved", "returned", "rejected" }) Assert.True(AuditActions.IsKnown("post." + kind)); // written as post.{decision}
    }
}
