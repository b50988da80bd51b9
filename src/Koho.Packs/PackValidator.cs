using System.Globalization;
using System.Text.RegularExpressions;
using Koho.Checks;

namespace Koho.Packs;

/// <summary>
/// What makes a pack enforceable: every rule grounded in a clause that exists (or a stated default), every role an
/// office the pack names, every word one Koho knows, every clause either enforced somewhere or marked as guidance.
/// Messages are Japanese and name the line (through the loader's record of where each object was written).
/// </summary>
internal static partial class PackValidator
{
    public static readonly IReadOnlyList<string> Severities = ["block", "warn", "info", "off"];
    private static readonly string[] PostCategories = ["normal", "event", "disaster"];
    private static readonly string[] Records = ["evidence", "note", "none"];
    private static readonly string[] PlanPeriods = ["fiscal-year", "indefinite"];
    private static readonly string[] Replies = ["none", "individual", "as-needed"];
    private static readonly string[] Follows = ["none", "public-bodies", "as-needed"];
    private static readonly string[] DisclaimerWhen = ["always", "work-related", "never"];
    private static readonly string[] ErroneousPostHandling = ["delete", "keep", "by-impact"];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    public static void Validate(GuidelinePack pack, Func<object, string?, (string File, int Line)> where, List<PackProblem> problems)
    {
        // A message about one key of an object points at that key's line when the file has it.
        void Fail(object at, string message, string? key = null)
        {
            var (file, line) = where(at, key ?? KeyOf(message));
            problems.Add(new(file, line, message));
        }

        if (pack.Schema != 1) Fail(pack, $"schema: この版の Koho が読める形式は 1 です（{pack.Schema} と書かれています）。");
        if (!IdPattern().IsMatch(pack.Id)) Fail(pack, $"id:「{pack.Id}」は英小文字・数字・ハイフンで 40 文字以内にしてください。");
        if (string.IsNullOrWhiteSpace(pack.Municipality)) Fail(pack, "municipality: 団体名がありません。");
        if (string.IsNullOrWhiteSpace(pack.Title)) Fail(pack, "title: ガイドラインの名称がありません。");
        if (!LocalGovernmentCode.IsValid(pack.LocalGovernmentCode))
            Fail(pack, $"localGovernmentCode:「{pack.LocalGovernmentCode}」は正しい地方公共団体コード（検査数字付き 6 桁）ではありません。");
        if (pack.Date is { } date && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            Fail(pack, $"date:「{date}」は 2024-02-14 の形で書いてください。");

        // Offices: every one but the council must be named.
        foreach (var key in Offices.Keys.Where(k => k != "council"))
            if (string.IsNullOrWhiteSpace(pack.Offices[key])) Fail(pack.Offices, $"offices.{key}: この役割を担う課・職の名前がありません。");

        // Clauses.
        var ids = new HashSet<string>();
        foreach (var c in pack.Clauses)
        {
            if (string.IsNullOrWhiteSpace(c.Id)) Fail(c, "clauses: 条項番号（id）がありません。");
            else if (!ids.Add(c.Id)) Fail(c, $"clauses: 条項番号「{c.Id}」が重複しています。");
        }
        if (pack.Clauses.Count == 0) Fail(pack, "clauses: ガイドラインの条項がありません。全文を条項ごとに書いてください。");

        // Every grounded rule: clauses that exist, or a stated default.
        var cited = new HashSet<string>();
        foreach (var (g, path) in Grounded(pack))
        {
            foreach (var id in g.Clauses)
            {
                if (ids.Contains(id)) cited.Add(id);
                else Fail(g, $"{path}: 条項「{id}」はこのパックの clauses にありません。");
            }
            if (g.Clauses.Count == 0 && string.IsNullOrWhiteSpace(g.Default))
                Fail(g, $"{path}: 根拠がありません。clauses に条項番号を書くか、ガイドラインに定めがなければ default にその旨と Koho の既定を書いてください。");
        }
        foreach (var c in pack.Clauses)
        {
            if (c.Id.Length > 0 && !cited.Contains(c.Id) && string.IsNullOrWhiteSpace(c.Guidance))
                Fail(c, $"clauses「{c.Id}」: どの規則も引用していません。Koho が何も強制しない条項なら guidance にその理由を書いてください。");
        }

        // Content rules: one per checker category.
        foreach (var group in pack.Content.Rules.GroupBy(r => r.Category).Where(g => g.Count() > 1))
            Fail(group.Skip(1).First(), $"content.rules: 分類「{group.Key}」が重複しています。");
        foreach (var missing in Categories.All.Except(pack.Content.Rules.Select(r => r.Category)))
            Fail(pack.Content, $"content.rules: 分類「{missing}」（{Categories.Name(missing)}）の規則がありません。");
        foreach (var r in pack.Content.Rules)
        {
            if (!Categories.IsKnown(r.Category)) Fail(r, $"content.rules: 分類「{r.Category}」はありません（{string.Join(", ", Categories.All)}）。");
            if (!Severities.Contains(r.Official)) Fail(r, $"content.rules「{r.Category}」.official:「{r.Official}」は {string.Join(" / ", Severities)} のいずれかです。");
            if (!Severities.Contains(r.Private)) Fail(r, $"content.rules「{r.Category}」.private:「{r.Private}」は {string.Join(" / ", Severities)} のいずれかです。");
        }
        foreach (var l in pack.Content.Lexicon)
        {
            if (string.IsNullOrWhiteSpace(l.Term)) Fail(l, "content.lexicon: 語（term）が空です。");
            if (!Categories.IsKnown(l.Category)) Fail(l, $"content.lexicon「{l.Term}」: 分類「{l.Category}」はありません。");
        }
        foreach (var d in pack.Content.OwnDomains.Concat(pack.Content.TrustedDomains))
            if (!HostPattern().IsMatch(d)) Fail(pack.Content, $"content: ドメイン「{d}」は city.example.lg.jp のような形で書いてください（https:// や / は不要）。");
        Among(pack.Content.Platform, "content.platform.replies", pack.Content.Platform.Replies, Replies);
        Among(pack.Content.Platform, "content.platform.follows", pack.Content.Platform.Follows, Follows);

        // Hours.
        var h = pack.Hours;
        var okStart = TimeOnly.TryParseExact(h.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        var okEnd = TimeOnly.TryParseExact(h.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end);
        if (!okStart) Fail(h, $"hours.start:「{h.Start}」は 08:30 の形で書いてください。");
        if (!okEnd) Fail(h, $"hours.end:「{h.End}」は 17:15 の形で書いてください。");
        if (okStart && okEnd && end <= start) Fail(h, "hours: 終業時刻が始業時刻より前です。");
        foreach (var day in h.ClosedDays)
            if (!DateOnly.TryParseExact("2024-" + day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                Fail(h, $"hours.closedDays:「{day}」は 05-03 の形（月-日）で書いてください。");
        foreach (var c in h.OutOfHoursCategories) Among(h, "hours.outOfHoursCategories", c, PostCategories);

        // Approval.
        var a = pack.Approval;
        Office(pack, a, "approval.approver", a.Approver);
        if (a.SelfApproval) Fail(a, "approval.selfApproval: Koho は投稿者本人による承認を認めません（false にしてください）。");
        foreach (var role in a.Override.Roles) Office(pack, a.Override, "approval.override.roles", role);
        if (a.Emergency.Allowed)
        {
            Office(pack, a.Emergency, "approval.emergency.reportTo", a.Emergency.ReportTo ?? "");
            if (a.Emergency.ReportWithinHours is not > 0) Fail(a.Emergency, "approval.emergency.reportWithinHours: 事後報告の期限（時間）を 1 以上で書いてください。");
        }

        Among(a.Corrections, "approval.corrections.erroneousPost", a.Corrections.ErroneousPost, ErroneousPostHandling);

        // Opening.
        if (pack.Opening.Steps.Count == 0) Fail(pack.Opening, "opening.steps: 開設の手続きがありません。");
        Unique(pack.Opening.Steps.Select(s => (object)s), s => ((OpeningStep)s).Id, "opening.steps");
        foreach (var s in pack.Opening.Steps)
        {
            Office(pack, s, $"opening.steps「{s.Id}」.actor", s.Actor);
            if (string.IsNullOrWhiteSpace(s.Action)) Fail(s, $"opening.steps「{s.Id}」.action: 何をする手続きかがありません。");
        }
        Unique(pack.Opening.ApplicationContent.Select(s => (object)s), s => ((ApplicationItem)s).Id, "opening.applicationContent");

        // Lifecycle.
        var life = pack.Lifecycle;
        Among(life.PlanPeriod, "lifecycle.planPeriod", life.PlanPeriod.Value ?? "", PlanPeriods);
        NotNegative(life.MinimumPostsPerMonth, "lifecycle.minimumPostsPerMonth");
        NotNegative(life.DormancyDays, "lifecycle.dormancyDays");
        NotNegative(life.Withdrawal.NoticeDays, "lifecycle.withdrawal.noticeDays");
        NotNegative(life.Requirements.PasswordRotationDays, "lifecycle.requirements.passwordRotationDays");
        if (life.Withdrawal.DeleteAfterNotice.Value && life.Withdrawal.KeepMonitoring.Value)
            Fail(life.Withdrawal, "lifecycle.withdrawal: 削除するアカウントを監視し続けることはできません（deleteAfterNotice と keepMonitoring が両方 true）。");

        // Incidents: one playbook per type.
        foreach (var type in IncidentPlaybook.Types.Except(pack.Incidents.Select(i => i.Type)))
            Fail(pack, $"incidents: 「{type}」の対応手順がありません。");
        foreach (var group in pack.Incidents.GroupBy(i => i.Type).Where(g => g.Count() > 1))
            Fail(group.Skip(1).First(), $"incidents: 「{group.Key}」が重複しています。");
        foreach (var i in pack.Incidents)
        {
            if (!IncidentPlaybook.Types.Contains(i.Type)) Fail(i, $"incidents.type:「{i.Type}」は {string.Join(" / ", IncidentPlaybook.Types)} のいずれかです。");
            if (i.Escalation.Count == 0) Fail(i, $"incidents「{i.Type}」.escalation: 報告の順序がありません。");
            foreach (var e in i.Escalation) Office(pack, i, $"incidents「{i.Type}」.escalation", e);
            if (i.AcknowledgeWithinMinutes is <= 0 or > 10080) Fail(i, $"incidents「{i.Type}」.acknowledgeWithinMinutes: 1〜10080（7日）の分数にしてください。");
            if (i.Steps.Count == 0) Fail(i, $"incidents「{i.Type}」.steps: 手順がありません。");
            Unique(i.Steps.Select(s => (object)s), s => ((PlaybookStep)s).Id, $"incidents「{i.Type}」.steps");
            foreach (var s in i.Steps)
            {
                if (s.Actor != "operator") Office(pack, s, $"incidents「{i.Type}」.steps「{s.Id}」.actor", s.Actor);
                Among(s, $"incidents「{i.Type}」.steps「{s.Id}」.record", s.Record, Records);
                if (s.WithinHours is < 0 or > 8760) Fail(s, $"incidents「{i.Type}」.steps「{s.Id}」.withinHours: 0〜8760（1年）の時間数にしてください。");
                // The incident keeps a copy of each step: what its columns hold.
                if (string.IsNullOrWhiteSpace(s.Action) || s.Action.Length > 1000) Fail(s, $"incidents「{i.Type}」.steps「{s.Id}」.action: 何をするかを1000文字以内で書いてください。");
                if (s.Id.Length is 0 or > 60) Fail(s, $"incidents「{i.Type}」.steps.id: 1〜60文字にしてください。");
            }
        }

        // Private use.
        var d2 = pack.PrivateUse.Disclaimer;
        Among(d2, "privateUse.disclaimer.requiredWhen", d2.RequiredWhen, DisclaimerWhen);
        if (d2.RequiredWhen != "never" && string.IsNullOrWhiteSpace(d2.Example))
            Fail(d2, "privateUse.disclaimer.example: 免責文の例がありません。");

        // Operation policy template.
        if (pack.OperationPolicy.Sections.Count == 0) Fail(pack.OperationPolicy, "operationPolicy.sections: 運用ポリシーのひな形がありません。");
        foreach (var s in pack.OperationPolicy.Sections)
        {
            foreach (Match m in Placeholder().Matches(s.Text))
                if (!OperationPolicyTemplate.Placeholders.Contains(m.Groups[1].Value))
                    Fail(s, $"operationPolicy「{s.Heading}」: 差し込み「{{{m.Groups[1].Value}}}」はありません（{string.Join(", ", OperationPolicyTemplate.Placeholders.Select(p => "{" + p + "}"))}）。");
        }

        void Among(object at, string path, string value, string[] allowed)
        {
            if (!allowed.Contains(value)) Fail(at, $"{path}:「{value}」は {string.Join(" / ", allowed)} のいずれかです。");
        }

        void NotNegative(Setting<int?> s, string path)
        {
            if (s.Value is < 0) Fail(s, $"{path}: 0 以上にしてください。");
        }

        void Unique(IEnumerable<object> items, Func<object, string> id, string path)
        {
            var seen = new HashSet<string>();
            foreach (var item in items)
            {
                var key = id(item);
                if (string.IsNullOrWhiteSpace(key)) Fail(item, $"{path}: id がありません。");
                else if (!seen.Add(key)) Fail(item, $"{path}: id「{key}」が重複しています。");
            }
        }

        void Office(GuidelinePack p, object at, string path, string key)
        {
            if (!Offices.Keys.Contains(key)) Fail(at, $"{path}:「{key}」は offices の項目（{string.Join(", ", Offices.Keys)}）のいずれかです。");
            else if (string.IsNullOrWhiteSpace(p.Offices[key])) Fail(at, $"{path}:「{key}」を担う課・職が offices にありません。");
        }
    }

    /// <summary>The key a message is about: the last plain segment of its "path:" prefix (hours.start: → start).</summary>
    private static string? KeyOf(string message)
    {
        var colon = message.IndexOf(':');
        if (colon <= 0) return null;
        var path = message[..colon];
        var last = path[(path.LastIndexOf('.') + 1)..];
        return last.All(c => char.IsAsciiLetter(c)) ? last : null;
    }

    /// <summary>Every grounded item of the pack with a readable path, for the basis check and the coverage table.</summary>
    public static IEnumerable<(Grounded Item, string Path)> Grounded(GuidelinePack pack)
    {
        foreach (var r in pack.Content.Rules) yield return (r, $"content.rules「{r.Category}」");
        yield return (pack.Content.Platform, "content.platform");
        yield return (pack.Hours, "hours");
        yield return (pack.Approval, "approval");
        yield return (pack.Approval.Override, "approval.override");
        yield return (pack.Approval.Emergency, "approval.emergency");
        yield return (pack.Approval.Corrections, "approval.corrections");
        foreach (var s in pack.Opening.Steps) yield return (s, $"opening.steps「{s.Id}」");
        foreach (var s in pack.Opening.ApplicationContent) yield return (s, $"opening.applicationContent「{s.Id}」");
        var life = pack.Lifecycle;
        yield return (life.PlanPeriod, "lifecycle.planPeriod");
        yield return (life.AnnualReview, "lifecycle.annualReview");
        yield return (life.MinimumPostsPerMonth, "lifecycle.minimumPostsPerMonth");
        yield return (life.DormancyDays, "lifecycle.dormancyDays");
        yield return (life.Withdrawal.NoticeDays, "lifecycle.withdrawal.noticeDays");
        yield return (life.Withdrawal.DeleteAfterNotice, "lifecycle.withdrawal.deleteAfterNotice");
        yield return (life.Withdrawal.KeepMonitoring, "lifecycle.withdrawal.keepMonitoring");
        yield return (life.Requirements.VerifiedBadge, "lifecycle.requirements.verifiedBadge");
        yield return (life.Requirements.TwoFactor, "lifecycle.requirements.twoFactor");
        yield return (life.Requirements.PasswordRotationDays, "lifecycle.requirements.passwordRotationDays");
        yield return (life.Requirements.PolicyInProfile, "lifecycle.requirements.policyInProfile");
        yield return (life.Requirements.PolicyOnHomepage, "lifecycle.requirements.policyOnHomepage");
        yield return (life.Requirements.HomepageUrlInProfile, "lifecycle.requirements.homepageUrlInProfile");
        foreach (var i in pack.Incidents) yield return (i, $"incidents「{i.Type}」");
        yield return (pack.PrivateUse, "privateUse");
        yield return (pack.PrivateUse.Disclaimer, "privateUse.disclaimer");
        yield return (pack.OperationPolicy, "operationPolicy");
    }
}
