using System.Text;

namespace Koho.Packs;

/// <summary>
/// The coverage table of a pack (docs/packs/&lt;id&gt;.md): every clause of the guideline, what pack entries cite it
/// and which Koho feature enforces them — or that it is guidance only, and why. Generated from the pack so that
/// the document cannot drift from what Koho enforces.
/// </summary>
public static class PackCoverage
{
    /// <summary>The feature that acts on a pack entry, and whether it is built yet (the issue that builds it).</summary>
    public static (string Feature, string? PlannedIn) FeatureOf(string path) => path switch
    {
        _ when path.StartsWith("content.platform", StringComparison.Ordinal) => ("運用ポリシーの返信・フォロー方針", null),
        _ when path.StartsWith("content.rules", StringComparison.Ordinal) => ("投稿前チェック（/checks、POST /api/checks、koho check）", null),
        _ when path.StartsWith("hours", StringComparison.Ordinal) => ("投稿前チェック（勤務時間・閉庁日）", null),
        _ when path.StartsWith("approval", StringComparison.Ordinal) => ("投稿の承認・緊急時の発信・訂正", null),
        _ when path.StartsWith("opening", StringComparison.Ordinal) => ("公式アカウントの開設申請", null),
        _ when path.StartsWith("lifecycle", StringComparison.Ordinal) => ("公式アカウントの運用管理（計画・点検・停止）", null),
        _ when path.StartsWith("incidents", StringComparison.Ordinal) => ("インシデント対応", null),
        _ when path.StartsWith("privateUse", StringComparison.Ordinal) => ("職員の私的利用（セルフチェック・免責文・要約 /private-use）", null),
        _ when path.StartsWith("operationPolicy", StringComparison.Ordinal) => ("運用ポリシーの作成", null),
        _ => ("—", null),
    };

    /// <summary>Pack entries that cite each clause.</summary>
    public static Dictionary<string, List<string>> Citations(GuidelinePack pack)
    {
        var citations = pack.Clauses.ToDictionary(c => c.Id, _ => new List<string>());
        foreach (var (item, path) in PackValidator.Grounded(pack))
            foreach (var id in item.Clauses)
                if (citations.TryGetValue(id, out var list) && !list.Contains(path)) list.Add(path);
        return citations;
    }

    public static string Markdown(GuidelinePack pack)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(pack.Title).Append("（").Append(pack.Municipality).AppendLine("）— 条項と Koho の対応表").AppendLine();
        sb.AppendLine($"パック `packs/{pack.Id}.yaml`（{pack.Version ?? "版の記載なし"}{(pack.Date is null ? "" : "、" + pack.Date)}、原文 `{pack.Source}`）。");
        sb.AppendLine("`koho pack show " + pack.Id + " --coverage` が生成する表です（手で編集しないでください）。").AppendLine();
        var citations = Citations(pack);
        sb.AppendLine("| 条項 | 見出し | パックの項目 | Koho の機能 |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var c in pack.Clauses)
        {
            var cited = citations[c.Id];
            string entries, features;
            if (cited.Count == 0)
            {
                entries = "—";
                features = "指針のみ: " + Cell(c.Guidance ?? "");
            }
            else
            {
                entries = string.Join("<br>", cited.Select(p => "`" + p + "`"));
                features = string.Join("<br>", cited.Select(FeatureOf).Distinct()
                    .Select(f => f.PlannedIn is null ? f.Feature : $"{f.Feature}（{f.PlannedIn} で実装予定）"));
            }
            sb.AppendLine($"| {Cell(c.Id)} | {Cell(c.Heading)} | {entries} | {features} |");
        }
        var defaults = PackValidator.Grounded(pack).Where(g => g.Item.Clauses.Count == 0 && g.Item.Default is not null).ToList();
        if (defaults.Count > 0)
        {
            sb.AppendLine().AppendLine("## ガイドラインに定めがなく Koho の既定を用いる項目").AppendLine();
            sb.AppendLine("| パックの項目 | 既定とその理由 |");
            sb.AppendLine("|---|---|");
            foreach (var (item, path) in defaults) sb.AppendLine($"| `{path}` | {Cell(item.Default!)} |");
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
