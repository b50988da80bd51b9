using System.Text.Json;
using Koho.Checks;
using Koho.Checks.Packs;

namespace Koho.Web.Posts;

/// <summary>A finding as stored with a post: the checker's finding and the platforms it was found for.</summary>
public sealed record PostFinding(string Rule, string Category, Severity Severity, int Start, int Length, string Message, string? Suggestion,
    IReadOnlyList<string> Clauses, IReadOnlyList<string> Platforms);

/// <summary>
/// Runs the checker on a post for each platform it goes to (lengths and link rules differ), and merges the results:
/// the same finding on several platforms is shown once, naming them.
/// </summary>
public static class PostFindings
{
    public static List<PostFinding> Check(string text, PostKind kind, DateTimeOffset? scheduledAt, IReadOnlyCollection<Accounts.Platform> platforms,
        IReadOnlyList<string> recent, CompiledPack pack)
    {
        var merged = new Dictionary<(string, string, int, int, string), (Finding Finding, List<string> Platforms)>();
        var each = platforms.Count == 0 ? [(Accounts.Platform?)null] : platforms.Distinct().Select(p => (Accounts.Platform?)p).ToList();
        foreach (var platform in each)
        {
            var draft = new Draft(text)
            {
                Platform = platform is { } p ? (Platform)(int)p : null,
                Category = (PostCategory)(int)kind,
                ScheduledAt = scheduledAt,
                Recent = recent,
            };
            foreach (var f in Checker.Check(draft, pack).Findings)
            {
                var key = (f.Rule, f.Category, f.Start, f.Length, f.Message);
                if (!merged.TryGetValue(key, out var entry)) merged[key] = entry = (f, []);
                else if (f.Severity > entry.Finding.Severity) merged[key] = entry = (f, entry.Platforms);
                if (platform is { } named) entry.Platforms.Add(Accounts.AccountLabels.Label(named));
            }
        }
        return merged.Values
            .Select(v => new PostFinding(v.Finding.Rule, v.Finding.Category, v.Finding.Severity, v.Finding.Start, v.Finding.Length, v.Finding.Message,
                v.Finding.Suggestion, v.Finding.Clauses.Select(c => c.Clause).Distinct().ToList(),
                v.Platforms.Count == each.Count ? [] : v.Platforms))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Start).ToList();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IReadOnlyList<PostFinding> findings) => JsonSerializer.Serialize(findings, Json);

    public static List<PostFinding> Deserialize(string json) => JsonSerializer.Deserialize<List<PostFinding>>(json, Json) ?? [];
}
