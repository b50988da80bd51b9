using Koho.Checks;
using Koho.Checks.PrivateUse;
using Koho.Packs;
using Koho.Web.Organization;
using Koho.Web.Packs;

namespace Koho.Web.PrivateUse;

public sealed record SelfCheckInput(string? Text, string? Profile, DateTimeOffset? PlannedAt, bool Overtime, bool BusinessTrip, bool WorkRelated);

/// <summary>Whether the profile needs a disclaimer (免責文) for this post, and whether it has one.</summary>
public enum DisclaimerState { NotRequired, Present, Missing, NoProfile }

public sealed record SelfCheckResult(
    CheckResult Post,
    IReadOnlyList<WorkMention> WorkMentions,
    bool WorkRelated,
    DisclaimerState Disclaimer,
    DisclaimerMatch? DisclaimerAt,
    string? Example,
    IReadOnlyList<PackClause> DisclaimerClauses,
    string? DisclaimerNote,
    bool HoursChecked)
{
    public int Blocks => Post.Findings.Count(f => f.Severity == Severity.Block);
    public int Warnings => Post.Findings.Count(f => f.Severity == Severity.Warn) + (Disclaimer is DisclaimerState.Missing or DisclaimerState.NoProfile ? 1 : 0);

    /// <summary>The outcome in a few words (kept with a saved self-check).</summary>
    public string Outcome => Blocks == 0 && Warnings == 0 ? "問題なし"
        : string.Join("・", new[] { Blocks > 0 ? $"要修正 {Blocks} 件" : null, Warnings > 0 ? $"要確認 {Warnings} 件" : null }.OfType<string>())
          + (Disclaimer is DisclaimerState.Missing or DisclaimerState.NoProfile ? "（免責文なし）" : "");
}

/// <summary>
/// セルフチェック: a member of staff's planned private post against the pack's private-use rules — the checker in
/// private mode (confidential and personal information, undecided policy, prohibited content, political activity,
/// hours including overtime and business trips where the pack says so) — and, when the post speaks of their work or
/// the municipality, the disclaimer the pack asks for in the profile. Pure: nothing is stored here.
/// </summary>
public static class SelfCheck
{
    public const int MaxText = 10_000;
    public const int MaxProfile = 2_000;

    public static Result<SelfCheckResult> Run(SelfCheckInput input, TenantPack pack)
    {
        var text = input.Text ?? "";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) errors.Add("投稿しようとしている文章を入力してください。");
        else if (text.Length > MaxText) errors.Add($"文章は{MaxText:N0}文字以内で入力してください。");
        if (input.Profile is { Length: > MaxProfile }) errors.Add($"プロフィール欄の文章は{MaxProfile:N0}文字以内で入力してください。");
        if (errors.Count > 0) return Result<SelfCheckResult>.Fail(errors);

        var post = Checker.Check(new Draft(text)
        {
            Mode = PostMode.Private, ScheduledAt = input.PlannedAt, Overtime = input.Overtime, BusinessTrip = input.BusinessTrip,
        }, pack.Compiled);
        var mentions = WorkRelation.Find(text, pack.Pack.Municipality);
        var workRelated = input.WorkRelated || mentions.Count > 0;
        var rule = pack.Pack.PrivateUse.Disclaimer;
        var required = rule.RequiredWhen switch
        {
            "always" => true,
            "work-related" => workRelated,
            _ => false,
        };
        // Offsets of the match refer to the profile as typed (the page marks it there).
        var match = string.IsNullOrWhiteSpace(input.Profile) ? null : DisclaimerDetector.Find(input.Profile, rule.Example);
        var state = !required ? DisclaimerState.NotRequired
            : string.IsNullOrWhiteSpace(input.Profile) ? DisclaimerState.NoProfile
            : match is null ? DisclaimerState.Missing : DisclaimerState.Present;
        var clauses = rule.Clauses.Select(pack.Pack.Clause).OfType<PackClause>().ToList();
        return Result<SelfCheckResult>.Ok(new SelfCheckResult(post, mentions, workRelated, state, match, rule.Example, clauses, rule.Default,
            input.PlannedAt is not null || input.Overtime || input.BusinessTrip));
    }
}
