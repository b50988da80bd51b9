using Koho.Checks;
using Koho.Packs;
using Koho.Web.Accounts.Documents;
using Koho.Web.Packs;

namespace Koho.Web.PrivateUse;

/// <summary>
/// The private-use rules on one A4 page for notice boards and induction (掲示・研修用), generated from the pack so that
/// it says what Koho enforces, with the clause numbers. Short on purpose: each section is a line or two.
/// </summary>
public static class PrivateUseSummary
{
    // Categories that are about official posting or the mechanics of a post rather than what a person may say.
    private static readonly HashSet<string> NotForPeople =
        [Categories.OutsideHours, Categories.DuringWorkHours, Categories.TooLong, Categories.RepeatedPost];

    public static AccountDocument Build(TenantPack tenantPack, string? selfCheckUrl = null)
    {
        var pack = tenantPack.Pack;
        var rules = pack.PrivateUse;
        var sections = new List<(string, string)>();
        static string Cite(IEnumerable<string> clauses) => clauses.Any() ? $"（{string.Join("、", clauses.Distinct())}）" : "";
        // Content rules cite the official and the private clauses together; a summary for staff cites the private part
        // (the clauses under the pack's privateUse clauses), or those clauses themselves where the private part only
        // refers back to the general rules (Joetsu 7(2)①: 「5 …に記載する事項に反すること」).
        string CitePrivate(IEnumerable<string> clauses)
        {
            var mine = clauses.Where(c => rules.Clauses.Any(p => c == p || c.StartsWith(p, StringComparison.Ordinal) && c[p.Length] is '.' or '(')).ToList();
            return Cite(mine.Count > 0 ? mine : rules.Clauses);
        }

        sections.Add(("公私を問わず職員として", $"私的な利用でも、{pack.Municipality}の職員であることの自覚と責任を持って発信します。一度公開した情報は完全には消せません。"
            + Cite(rules.Clauses)));

        if (rules.NoPostingDuringWork)
        {
            var also = new[] { rules.IncludesOvertime ? "時間外勤務中" : null, rules.IncludesBusinessTrips ? "出張中" : null }.OfType<string>().ToList();
            sections.Add(("勤務時間中は使わない", $"勤務時間中（平日 {pack.Hours.Start}〜{pack.Hours.End}）は私的に利用しません"
                + (also.Count > 0 ? $"。{string.Join("・", also)}も同じです" : "") + "。" + Cite(rules.Clauses)));
        }

        var severe = Rules(pack, "block");
        if (severe.Count > 0)
            sections.Add(("発信しない", string.Join("、", severe.Select(r => Categories.Name(r.Category))) + "。" + CitePrivate(severe.SelectMany(r => r.Clauses))
                + " 業務で知った個人情報・秘密、意思形成過程の事柄は、私的な場でも話題にしません。"));
        var careful = Rules(pack, "warn");
        if (careful.Count > 0)
            sections.Add(("細心の注意を払う", string.Join("、", careful.Select(r => Categories.Name(r.Category))) + "。" + CitePrivate(careful.SelectMany(r => r.Clauses))));

        var disclaimer = rules.Disclaimer;
        if (disclaimer.RequiredWhen != "never")
            sections.Add(("プロフィールの免責文", (disclaimer.RequiredWhen == "always" ? "私的なアカウントのプロフィール欄に" : $"自分の職務や{pack.Municipality}の行政について発信するときは、プロフィール欄に")
                + (disclaimer.Example is { } ex ? $"次のような免責文を記載します。「{ex}」" : "個人の見解であることを記載します。") + Cite(disclaimer.Clauses)));

        if (pack.Incidents.FirstOrDefault(p => p.Type == "private-use-trouble") is { } trouble)
        {
            var chain = string.Join(" → ", trouble.Escalation.Select(o => pack.Offices[o] ?? o));
            sections.Add(("トラブルになったら", $"誠実に対応し、無用な議論を避けます。業務に関わるトラブルは {chain} に報告します（Koho の「トラブルを報告」から）。"
                + Cite(trouble.Clauses)));
        }

        sections.Add(("迷ったら", "投稿する前に Koho の「私的利用のセルフチェック」で確かめてください（入力した文章は保存されません）。"
            + (selfCheckUrl is null ? "" : $" {selfCheckUrl}")));

        var edition = Acknowledgements.Edition(pack);
        return new AccountDocument($"ソーシャルメディアの私的利用 ─ 職員が守ること", pack.Municipality, sections,
            $"出典: {pack.Title}{(edition is null ? "" : $"（{edition}）")}。括弧内は条項番号。Koho が {tenantPack.Reference} から作成。");
    }

    private static List<ContentRule> Rules(GuidelinePack pack, string severity) =>
        pack.Content.Rules.Where(r => r.Private == severity && !NotForPeople.Contains(r.Category)).ToList();
}
