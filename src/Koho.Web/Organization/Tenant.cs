namespace Koho.Web.Organization;

/// <summary>
/// A municipality (地方公共団体) hosted by this deployment. Every other record belongs to exactly one tenant.
/// </summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    /// <summary>地方公共団体コード: six digits, the last a check digit (see <see cref="LocalGovernmentCode"/>).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Names of the offices as the municipality's own guideline calls them (秘書広報課, 情報政策課 …).</summary>
    public OfficeNames Offices { get; set; } = new();

    /// <summary>
    /// The guideline pack the municipality runs under (a built-in pack or one it uploaded); null until chosen, when
    /// the built-in pack of its 地方公共団体コード applies (see GuidelinePackService).
    /// </summary>
    public string? PackId { get; set; }

    /// <summary>When on, approver roles must enrol TOTP two-factor authentication before they can work.</summary>
    public bool RequireTwoFactorForApprovers { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Per-tenant names of the bodies that play each role. Choosing or uploading a guideline pack fills them from the
/// pack's offices; an administrator can still adjust them on the settings page.
/// </summary>
public sealed class OfficeNames
{
    public const string DefaultPrOffice = "広報主管課";
    public const string DefaultItOffice = "情報政策主管課";
    public const string DefaultHrOffice = "人事課";
    public const string DefaultCouncil = "会議体";
    public const string DefaultCiso = "統括情報セキュリティ責任者";

    /// <summary>広報主管課 — e.g. 秘書広報課 (Musashino), 広報対話課 (Joetsu).</summary>
    public string PrOffice { get; set; } = DefaultPrOffice;

    /// <summary>情報政策主管課 — e.g. 情報政策課 (Musashino), 行政イノベーション課 (Joetsu).</summary>
    public string ItOffice { get; set; } = DefaultItOffice;

    public string HrOffice { get; set; } = DefaultHrOffice;

    /// <summary>The council that approves platforms never used before, e.g. ICT戦略会議.</summary>
    public string Council { get; set; } = DefaultCouncil;

    public string Ciso { get; set; } = DefaultCiso;
}
