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
        ["audit.exported"] = "監査ログの出力",
    };

    public static string Label(string action) => Labels.GetValueOrDefault(action, action);
}
