using Koho.Packs;

namespace Koho.Web.Accounts;

/// <summary>
/// Security hygiene of an official account against the municipality's pack: two-factor authentication, password
/// age, the verified badge where the platform offers one, the policy and homepage link in the profile, and
/// connected third-party applications reviewed within a year. Each problem says what to do and on what basis.
/// </summary>
public static class AccountHygiene
{
    /// <summary>Connected applications are reviewed at least this often (Koho's default: no guideline sets a period).</summary>
    public const int AppReviewDays = 365;

    /// <summary>Platforms that offer a verified (公式・認証済) mark to public bodies.</summary>
    public static bool OffersVerification(Platform p) => p is Platform.X or Platform.Facebook or Platform.Instagram or Platform.Line or Platform.YouTube;

    public sealed record Problem(string Message, IReadOnlyList<string> Clauses);

    public static List<Problem> Check(OfficialAccount a, IReadOnlyList<ConnectedApp> apps, GuidelinePack pack, DateOnly today)
    {
        var problems = new List<Problem>();
        var r = pack.Lifecycle.Requirements;
        if (r.TwoFactor.Value && !a.TwoFactorEnabled)
            problems.Add(new("二要素認証（2段階認証）が有効になっていません。媒体の設定で有効にしてください。", r.TwoFactor.Clauses));
        if (r.PasswordRotationDays.Value is int days)
        {
            if (a.PasswordChangedOn is null)
                problems.Add(new($"パスワードを最後に変更した日が記録されていません（{days} 日ごとの変更が求められています）。", r.PasswordRotationDays.Clauses));
            else if (today.DayNumber - a.PasswordChangedOn.Value.DayNumber > days)
                problems.Add(new($"パスワードを最後に変更してから {today.DayNumber - a.PasswordChangedOn.Value.DayNumber} 日経っています（{days} 日ごとに変更してください）。", r.PasswordRotationDays.Clauses));
        }
        // After an outside organisation's assignment ends, what its people knew must change, whatever the pack's period.
        if (a.RotationDueSince is { } since && (a.PasswordChangedOn is null || a.PasswordChangedOn < since))
            problems.Add(new($"{a.RotationReason ?? "外部の運用団体の運用終了"}（{since:yyyy-MM-dd}）のあと、パスワードを変更していません。団体が知っていたパスワードを変更してください。",
                r.PasswordRotationDays.Clauses));
        if (r.VerifiedBadge.Value && OffersVerification(a.Platform) && !a.VerifiedBadge)
            problems.Add(new("認証済みバッジ（公式マーク）がありません。媒体に認証を申請してください。", r.VerifiedBadge.Clauses));
        if (r.PolicyInProfile.Value && !a.PolicyInProfile)
            problems.Add(new("プロフィールに運用ポリシー（またはその URL）が掲載されていません。", r.PolicyInProfile.Clauses));
        if (r.PolicyOnHomepage.Value && !a.PolicyOnHomepage)
            problems.Add(new("運用ポリシーが団体のホームページに掲載されていません。", r.PolicyOnHomepage.Clauses));
        if (r.HomepageUrlInProfile.Value && !a.HomepageLinkInProfile)
            problems.Add(new("プロフィールに団体のホームページへのリンクがありません。", r.HomepageUrlInProfile.Clauses));
        foreach (var app in apps)
        {
            if (a.RotationDueSince is { } rotationSince && (app.LastReviewedOn is null || app.LastReviewedOn < rotationSince))
                problems.Add(new($"{a.RotationReason ?? "外部の運用団体の運用終了"}のあと、連携アプリ「{app.Name}」を確認していません。団体が連携したものなら解除してください。", []));
            else if (app.LastReviewedOn is null || today.DayNumber - app.LastReviewedOn.Value.DayNumber > AppReviewDays)
                problems.Add(new($"連携アプリ「{app.Name}」を1年以上確認していません。不要なら連携を解除してください。", []));
        }
        return problems;
    }
}
