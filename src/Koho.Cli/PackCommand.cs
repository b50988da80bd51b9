using System.Text;
using Koho.Packs;

namespace Koho.Cli;

/// <summary>`koho pack`: validate a guideline pack file, list the built-in packs, show one (or its coverage table).</summary>
internal static class PackCommand
{
    /// <summary>
    /// Validates a pack file. A pack that extends another finds it among the *.yaml files beside it, then among
    /// the built-in packs. Exit 0 when valid; otherwise every problem with its line, exit 2.
    /// </summary>
    public static async Task<int> ValidateAsync(string path, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            await stderr.WriteLineAsync($"パックファイル {path} が見つかりません。");
            return KohoCli.InvalidInput;
        }
        var full = Path.GetFullPath(path);
        var files = new List<(string File, string Yaml)>();
        foreach (var f in Directory.EnumerateFiles(Path.GetDirectoryName(full)!, "*.yaml").Append(full).Distinct().Order(StringComparer.Ordinal))
            files.Add((Path.GetRelativePath(Directory.GetCurrentDirectory(), f), await File.ReadAllTextAsync(f, ct)));
        var target = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);

        // The built-in packs, then the files beside it (a newer copy of a built-in pack replaces it): a pack may
        // extend either. Only the problems of the file asked about are shown.
        var (catalog, problems) = PackCatalog.Load(PackCatalog.BuiltInFiles().Concat(files), laterReplaces: true);
        var own = problems.Where(p => p.File == target).ToList();
        var pack = own.Count == 0 ? catalog?.FromFile(target) : null;
        if (pack is null && own.Count == 0)
        {
            // The file is fine but another beside it is not (so no catalog was built): check it alone.
            var yaml = files.Single(f => f.File == target).Yaml;
            var alone = BuiltInOrEmpty()?.Load(target, yaml) ?? PackLoader.Load(target, yaml);
            pack = alone.IsValid ? alone.Pack : null;
            own = [.. alone.Problems];
        }
        if (pack is not null)
        {
            await stdout.WriteLineAsync($"{target}: 正しいパックです（{pack.Title}、条項 {pack.Clauses.Count} 件）。");
            return KohoCli.Ok;
        }
        foreach (var p in own.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line)) await stderr.WriteLineAsync(p.ToString());
        await stderr.WriteLineAsync($"{own.Count} 件の誤りがあります。");
        return KohoCli.InvalidInput;
    }

    private static PackCatalog? BuiltInOrEmpty()
    {
        try { return PackCatalog.BuiltIn; }
        catch (InvalidPackException) { return null; }
    }

    public static async Task<int> ListAsync(TextWriter stdout)
    {
        foreach (var p in PackCatalog.BuiltIn.Packs)
            await stdout.WriteLineAsync($"{p.Id,-10} {p.LocalGovernmentCode} {p.Municipality} {p.Title}（{p.Version ?? "版の記載なし"}）");
        return KohoCli.Ok;
    }

    public static async Task<int> ShowAsync(string id, bool coverage, TextWriter stdout, TextWriter stderr)
    {
        var pack = PackCatalog.BuiltIn.Find(id);
        if (pack is null)
        {
            await stderr.WriteLineAsync($"パック「{id}」はありません（{string.Join(", ", PackCatalog.BuiltIn.Ids)}）。");
            return KohoCli.InvalidInput;
        }
        await stdout.WriteAsync(coverage ? PackCoverage.Markdown(pack) : Summary(pack));
        return KohoCli.Ok;
    }

    /// <summary>What a pack makes Koho do, in a page.</summary>
    internal static string Summary(GuidelinePack p)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{p.Title}（{p.Municipality}・{p.LocalGovernmentCode}）{p.Version} {p.Date}");
        sb.AppendLine($"パック {p.Id}{(p.Extends is null ? "" : $"（{p.Extends} を拡張）")}、条項 {p.Clauses.Count} 件、原文 {p.Source}");
        sb.AppendLine();
        sb.AppendLine($"役割: 所属長等={p.Offices.AccountManager} / 広報={p.Offices.PrOffice} / 情報政策={p.Offices.ItOffice} / 人事={p.Offices.Hr} / CISO={p.Offices.Ciso} / 会議体={p.Offices.Council ?? "なし"}");
        sb.AppendLine($"勤務時間: {p.Hours.Start}–{p.Hours.End}（時間外に出せる投稿: {(p.Hours.OutOfHoursCategories.Count == 0 ? "災害のみ" : string.Join("・", p.Hours.OutOfHoursCategories))}）");
        sb.AppendLine($"承認: {p.Offices[p.Approval.Approver]}、緊急投稿: {(p.Approval.Emergency.Allowed ? $"可（{p.Offices[p.Approval.Emergency.ReportTo ?? ""]}へ {p.Approval.Emergency.ReportWithinHours} 時間以内に事後報告）" : "不可")}");
        sb.AppendLine($"開設手続: {string.Join(" → ", p.Opening.Steps.Select(s => $"{s.Action}（{p.Offices[s.Actor]}{(s.NewPlatformOnly ? "・新規媒体のみ" : "")}）"))}");
        var life = p.Lifecycle;
        sb.AppendLine($"運用: 計画期間={life.PlanPeriod.Value}、年次点検={(life.AnnualReview.Value ? "あり" : "なし")}、最低投稿頻度={(life.MinimumPostsPerMonth.Value is { } m ? $"月{m}回" : "定めなし")}、停止後の削除={(life.Withdrawal.DeleteAfterNotice.Value ? "する" : "しない")}、停止後の監視={(life.Withdrawal.KeepMonitoring.Value ? "続ける" : "しない")}");
        sb.AppendLine("内容の規則:");
        foreach (var r in p.Content.Rules)
            sb.AppendLine($"  {Koho.Checks.Categories.Name(r.Category),-10} 公式={r.Official,-5} 私的={r.Private,-5} 根拠 {(r.Clauses.Count > 0 ? string.Join(", ", r.Clauses) : "既定")}");
        return sb.ToString();
    }
}
