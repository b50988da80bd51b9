using System.Text.Json;
using System.Text.RegularExpressions;
using Koho.Packs;
using Koho.Web.Applications;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Accounts.Documents;

/// <summary>A document in sections: what the HTML page and the .docx both render.</summary>
public sealed record AccountDocument(string Title, string Subtitle, IReadOnlyList<(string Heading, string Text)> Sections, string Basis);

/// <summary>
/// The account's 運用ポリシー (from the pack's template, placeholders filled from the account and its application)
/// and 運用計画書 (the application's items as the pack names them, the steps it went through, and the decisions).
/// </summary>
public sealed partial class AccountDocuments(KohoDbContext db, Packs.GuidelinePackService packs)
{
    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    public async Task<AccountDocument?> PolicyAsync(Guid tenantId, Guid accountId, CancellationToken ct)
    {
        var data = await LoadAsync(tenantId, accountId, ct);
        if (data is null) return null;
        var (account, department, municipality, pack, answers) = data.Value;
        var values = new Dictionary<string, string>
        {
            ["municipality"] = municipality,
            ["accountName"] = account.Name,
            ["platform"] = account.Platform.Label(),
            ["department"] = department,
            ["purpose"] = Purpose(answers, pack) ?? $"{department}の業務に関する情報を発信する",
            ["replies"] = pack.Content.Platform.Replies switch
            {
                "none" => "原則として、利用者からの投稿やメッセージに個別に返信しません",
                "individual" => "利用者からの投稿やメッセージには、必要に応じて個別に返信します",
                _ => "利用者からの投稿には、必要と判断したものに返信します",
            },
            ["follows"] = pack.Content.Platform.Follows switch
            {
                "none" => "他のアカウントのフォローは行いません",
                "public-bodies" => "国、地方公共団体その他の公的機関の公式アカウントに限りフォローします",
                _ => "必要に応じて他のアカウントをフォローします",
            },
            ["contact"] = $"{municipality}{department}",
            ["homepage"] = pack.Content.OwnDomains.FirstOrDefault() is { } domain ? $"https://{domain}/" : "",
        };
        var sections = pack.OperationPolicy.Sections.Select(s => (s.Heading, Fill(s.Text, values))).ToList();
        return new AccountDocument($"{account.Name} 運用ポリシー", $"{municipality} {department}", sections,
            $"{pack.Title}（{string.Join("、", pack.OperationPolicy.Clauses)}）に基づく");
    }

    /// <summary>
    /// Fills the template's placeholders. {replies} and {follows} are whole sentences: where one ends a line it
    /// gets its full stop (the templates write 「…次のとおりです。{replies}」).
    /// </summary>
    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m =>
        {
            var value = values.GetValueOrDefault(m.Groups[1].Value, m.Value);
            var end = m.Index + m.Length;
            var endsLine = end == text.Length || text[end] is '\n' or '\r' or ' ';
            return m.Groups[1].Value is "replies" or "follows" && endsLine ? value + "。" : value;
        });

    public async Task<AccountDocument?> PlanAsync(Guid tenantId, Guid accountId, CancellationToken ct)
    {
        var data = await LoadAsync(tenantId, accountId, ct);
        if (data is null) return null;
        var (account, department, municipality, pack, answers) = data.Value;
        var sections = new List<(string, string)>
        {
            ("アカウント", $"名称: {account.Name}\n媒体: {account.Platform.Label()}\nアカウント名: {account.Handle}\nURL: {account.Url}\n所管: {municipality}{department}"),
        };
        foreach (var item in pack.Opening.ApplicationContent)
            sections.Add((item.Label, answers.GetValueOrDefault(item.Id) is { Length: > 0 } a ? a : "（記載なし — 開設申請から作られていないアカウントです）"));
        var application = await db.OpeningApplications.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == accountId && x.TenantId == tenantId, ct);
        if (application is not null)
        {
            var decisions = await db.ApplicationDecisions.AsNoTracking().Where(d => d.ApplicationId == application.Id).OrderBy(d => d.At).ToListAsync(ct);
            sections.Add(("開設の手続", string.Join("\n", decisions.Select(d =>
                $"{Shell.JapaneseDates.Wareki(DateOnly.FromDateTime(Shell.JapaneseDates.ToJst(d.At).DateTime))} {d.Kind.Label()} {d.DeciderName}（{d.StepAction}）{(string.IsNullOrEmpty(d.Comment) ? "" : "：" + d.Comment)}"))));
        }
        return new AccountDocument($"{account.Name} 運用計画書", $"{municipality} {department}", sections,
            $"{pack.Title}の開設手続（{application?.PackReference ?? pack.Id}）に基づく");
    }

    private async Task<(OfficialAccount Account, string Department, string Municipality, GuidelinePack Pack, IReadOnlyDictionary<string, string> Answers)?> LoadAsync(
        Guid tenantId, Guid accountId, CancellationToken ct)
    {
        var account = await db.OfficialAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId && a.TenantId == tenantId, ct);
        if (account is null) return null;
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == account.DepartmentId).Select(d => d.Name).FirstAsync(ct);
        var municipality = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Name).FirstAsync(ct);
        var pack = (await packs.ForTenantAsync(tenantId, ct)).Pack;
        var application = await db.OpeningApplications.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == accountId && x.TenantId == tenantId, ct);
        IReadOnlyDictionary<string, string> answers = application is null ? new Dictionary<string, string>() : OpeningApplicationService.Answers(application);
        return (account, department, municipality, pack, answers);
    }

    /// <summary>The application's answer about the purpose, when the pack has such an item.</summary>
    private static string? Purpose(IReadOnlyDictionary<string, string> answers, GuidelinePack pack)
    {
        var item = pack.Opening.ApplicationContent.FirstOrDefault(i => i.Id == "purpose" || i.Label.Contains("目的", StringComparison.Ordinal));
        var text = item is null ? null : PurposePhrase(answers.GetValueOrDefault(item.Id));
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>
    /// An answer as the phrase the templates put before 「ため」: its first sentence, without a closing 「ため（に）」
    /// (「防災情報を迅速に届けるため。詳細は…」 → 「防災情報を迅速に届ける」).
    /// </summary>
    public static string PurposePhrase(string? answer)
    {
        var first = (answer ?? "").Trim().Split('。', 2)[0].Trim();
        foreach (var ending in new[] { "ためです", "ために", "ため" })
            if (first.EndsWith(ending, StringComparison.Ordinal)) return first[..^ending.Length];
        return first;
    }
}
