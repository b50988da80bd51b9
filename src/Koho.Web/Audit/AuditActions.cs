namespace Koho.Web.Audit;

/// <summary>Readable names of the audit trail's action codes, for the auditor's screens.</summary>
public static class AuditActions
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["tenant.created"] = "団体の登録",
        ["tenant.settings-changed"] = "団体の設定変更",
        ["department.created"] = "部署の追加",
        ["user.created"] = "職員の追加",
        ["user.updated"] = "所属・役割の変更",
        ["user.signed-in"] = "サインイン",
        ["user.sign-in-failed"] = "サインイン失敗",
        ["user.locked-out"] = "ロックアウト",
        ["user.two-factor-enabled"] = "二要素認証の有効化",
        ["user.two-factor-disabled"] = "二要素認証の無効化",
        ["user.recovery-codes-renewed"] = "リカバリーコードの再発行",
        ["user.password-changed"] = "パスワード変更",
        ["user.preferences-changed"] = "個人設定の変更",
        ["account.registered"] = "公式アカウントの登録",
        ["account.imported"] = "公式アカウントの取込",
        ["account.status-changed"] = "公式アカウントの状態変更",
        ["account.hygiene-confirmed"] = "セキュリティ点検",
        ["account.people-assigned"] = "担当者の記録",
        ["account.posts-recorded"] = "投稿数の記録",
        ["account.year-end-completed"] = "年度末の手続",
        ["account.watch-checked"] = "停止後の状況確認",
        ["application.submitted"] = "開設申請",
        ["application.resubmitted"] = "開設申請の再提出",
        ["application.done"] = "開設申請の手続実施",
        ["application.approved"] = "開設申請の承認",
        ["application.returned"] = "開設申請の差戻し",
        ["application.rejected"] = "開設申請の却下",
        ["directory.impersonation-warned"] = "なりすまし注意の掲載",
        ["directory.impersonation-cleared"] = "なりすまし注意の解除",
        ["pack.chosen"] = "ガイドラインの選択",
        ["pack.uploaded"] = "ガイドラインの登録",
        ["audit.exported"] = "監査ログの出力",
    };

    public static string Label(string action) => Labels.GetValueOrDefault(action, action);
}
