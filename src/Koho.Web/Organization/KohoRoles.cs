namespace Koho.Web.Organization;

/// <summary>
/// The roles the guidelines give to people. The names of offices differ per municipality, so labels for the
/// office roles come from the tenant's <see cref="OfficeNames"/>.
/// </summary>
public static class KohoRoles
{
    /// <summary>運用担当者 — drafts and posts.</summary>
    public const string Operator = "operator";
    /// <summary>運用管理責任者・所属長 — approves posts and applies for accounts.</summary>
    public const string AccountManager = "account-manager";
    /// <summary>広報主管課 (e.g. 秘書広報課).</summary>
    public const string PrOffice = "pr-office";
    /// <summary>情報政策主管課 (e.g. 情報政策課).</summary>
    public const string ItOffice = "it-office";
    /// <summary>統括情報セキュリティ責任者 (CISO).</summary>
    public const string Ciso = "ciso";
    /// <summary>会議体 — e.g. ICT戦略会議, approves platforms never used before.</summary>
    public const string Council = "council";
    /// <summary>人事課 — staff's private use and acknowledgements.</summary>
    public const string Hr = "hr";
    /// <summary>監査 — read-only.</summary>
    public const string Auditor = "auditor";
    /// <summary>システム管理者.</summary>
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All =
        [Operator, AccountManager, PrOffice, ItOffice, Ciso, Council, Hr, Auditor, Administrator];

    /// <summary>Roles that approve something; a tenant may require them to use two-factor authentication.</summary>
    public static readonly IReadOnlyList<string> Approvers =
        [AccountManager, PrOffice, ItOffice, Ciso, Council, Administrator];

    public static string Label(string role, OfficeNames offices) => role switch
    {
        Operator => "運用担当者",
        AccountManager => "運用管理責任者・所属長",
        PrOffice => offices.PrOffice,
        ItOffice => offices.ItOffice,
        Ciso => offices.Ciso,
        Council => offices.Council,
        Hr => offices.HrOffice,
        Auditor => "監査",
        Administrator => "システム管理者",
        _ => role,
    };
}

/// <summary>Authorization policy names, one per kind of access.</summary>
public static class KohoPolicies
{
    public const string Administer = "administer";
    public const string ReadAudit = "read-audit";
    public const string ExportRegister = "export-register";
    public const string ImportRegister = "import-register";
    /// <summary>Raise and clear impersonation warnings on the public directory.</summary>
    public const string WarnImpersonation = "warn-impersonation";
    /// <summary>Stop and resume scheduled publishing (the stop-all switch).</summary>
    public const string PausePublishing = "pause-publishing";
    /// <summary>Yearly incident statistics (for the council and auditors).</summary>
    public const string ReadIncidentStatistics = "read-incident-statistics";
    /// <summary>Publish the guideline for staff to confirm, build the quiz, see who has not confirmed and remind them (HR).</summary>
    public const string ManageAcknowledgements = "manage-acknowledgements";
}

public static class KohoClaims
{
    public const string Tenant = "koho:tenant";
    public const string DisplayName = "koho:name";
    /// <summary>Present while the tenant requires 2FA for one of the user's roles and the user has not enrolled.</summary>
    public const string TwoFactorEnrolmentRequired = "koho:2fa-required";
    /// <summary>The outside organisation (指定管理者・委託事業者…) a person belongs to, and its name (for the audit trail).</summary>
    public const string OutsideOrganization = "koho:outside";
    public const string OutsideOrganizationName = "koho:outside-name";
}
