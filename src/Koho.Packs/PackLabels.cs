namespace Koho.Packs;

/// <summary>Japanese names of a pack's words, for pages and reports.</summary>
public static class PackLabels
{
    public static string Incident(string type) => type switch
    {
        "flaming" => "炎上",
        "impersonation" => "なりすまし",
        "hijacking" => "乗っ取り",
        "misinformation" => "誤情報",
        "important-mention" => "重要な記述の発見",
        "private-use-trouble" => "私的利用トラブル",
        _ => type,
    };

    public static string Severity(string severity) => severity switch
    {
        "block" => "要修正",
        "warn" => "要確認",
        "info" => "参考",
        "off" => "対象外",
        _ => severity,
    };

    public static string PlanPeriod(string? value) => value switch
    {
        "fiscal-year" => "年度ごと（年度末に更新）",
        "indefinite" => "期間の定めなし",
        _ => value ?? "—",
    };

    public static string Record(string record) => record switch
    {
        "evidence" => "証拠（ファイル）",
        "note" => "記録",
        _ => "—",
    };

    /// <summary>The office a pack names for a role key, or the role key's Japanese name.</summary>
    public static string Office(GuidelinePack pack, string key) => key == "operator" ? "運用担当者" : pack.Offices[key] ?? key;
}
