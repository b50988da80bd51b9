using Koho.Web.Organization;

namespace Koho.Web.Contractors;

/// <summary>The kinds of outside bodies that post for the municipality (Musashino 1(5)イ・2, Joetsu 3・6(1)②, Komae 4(1)).</summary>
public enum OutsideKind
{
    /// <summary>指定管理者: runs a public facility under a designation for a fixed period.</summary>
    DesignatedManager,
    /// <summary>委託事業者: a contractor running a service under contract.</summary>
    Contractor,
    /// <summary>財政援助出資団体: a body the municipality funds or holds capital in.</summary>
    FundedBody,
}

/// <summary>
/// An outside organisation that runs official accounts on the municipality's behalf. The responsible department and its
/// account manager stay responsible for what it posts (Joetsu 6(1)②); its assignment lasts the contract or designation
/// period and no longer.
/// </summary>
public sealed class OutsideOrganization : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public OutsideKind Kind { get; set; }
    /// <summary>The facility or service concerned (武蔵野市立○○図書館の運営, 観光案内業務 …).</summary>
    public required string Service { get; set; }
    /// <summary>契約期間・指定期間, inclusive days in JST.</summary>
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    /// <summary>所管課: the department responsible for the contract or designation.</summary>
    public Guid DepartmentId { get; set; }
    /// <summary>運用管理責任者: the municipality's account manager who approves what the organisation drafts.</summary>
    public Guid AccountManagerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByName { get; set; }
    /// <summary>Set when the municipality ends the assignment before (or at) the end of the period.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedByName { get; set; }
    public string? EndReason { get; set; }
    /// <summary>
    /// The contract's (or designation's) clauses on social media, as the municipality wrote them (委託契約書・協定書の
    /// SNS 運用に関する条項); the organisation's representative confirms them before its people draft.
    /// </summary>
    public string? ContractClauses { get; set; }
    /// <summary>The representative's confirmation, of the clauses whose SHA-256 is recorded: changed clauses need it again.</summary>
    public DateTimeOffset? ClausesConfirmedAt { get; set; }
    public Guid? ClausesConfirmedById { get; set; }
    public string? ClausesConfirmedByName { get; set; }
    public string? ClausesConfirmedSha256 { get; set; }
    /// <summary>Bumped by every change: two people editing at once cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>An official account assigned to an outside organisation (the only accounts its people will see).</summary>
public sealed class OutsideAssignment : ITenantScoped
{
    public Guid TenantId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public required string AssignedByName { get; set; }
}

/// <summary>
/// A person of an outside organisation confirmed the guideline version in force, where HR has published no notice of
/// that version to confirm (when it has, the confirmation is the staff's own, <see cref="PrivateUse.GuidelineAcknowledgement"/>).
/// </summary>
public sealed class OutsideGuidelineConfirmation : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary><see cref="PrivateUse.Acknowledgements.Fingerprint"/> of the pack confirmed, and its reference for people.</summary>
    public required string PackSha256 { get; set; }
    public required string PackReference { get; set; }
    public DateTimeOffset ConfirmedAt { get; set; }
}

public static class OutsideKindLabels
{
    public static string Label(this OutsideKind kind) => kind switch
    {
        OutsideKind.DesignatedManager => "指定管理者",
        OutsideKind.Contractor => "委託事業者",
        OutsideKind.FundedBody => "財政援助出資団体",
        _ => kind.ToString(),
    };

    /// <summary>指定期間 for a designated manager, 契約期間 otherwise.</summary>
    public static string PeriodLabel(this OutsideKind kind) => kind == OutsideKind.DesignatedManager ? "指定期間" : "契約・協定の期間";
}
