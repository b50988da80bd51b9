using Koho.Web.Accounts;
using Koho.Web.Organization;

namespace Koho.Web.Applications;

/// <summary>
/// 公式アカウント開設申請: a section head's application to open an official account, taken through the steps of the
/// municipality's pack (consultations, the department head's decision, co-signature, the council for a new
/// platform …). The steps are fixed when it is submitted (<see cref="StepsJson"/>), with the pack version.
/// </summary>
public sealed class OpeningApplication : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid ApplicantId { get; set; }
    public required string ApplicantName { get; set; }
    public required string AccountName { get; set; }
    public Platform Platform { get; set; }
    public required string Handle { get; set; }
    public required string Url { get; set; }
    /// <summary>The municipality had no account on this platform when the application was submitted (council step applies).</summary>
    public bool NewPlatform { get; set; }
    /// <summary>The pack's application items (id → answer), as JSON.</summary>
    public required string AnswersJson { get; set; }
    public ApplicationStatus Status { get; set; }
    /// <summary>The pack and version the application was submitted under (musashino@builtin, musashino@3).</summary>
    public required string PackReference { get; set; }
    /// <summary>The steps that apply to this application, in order, as JSON (see <see cref="ApplicationStep"/>).</summary>
    public required string StepsJson { get; set; }
    /// <summary>Index into the steps of the one waiting; equals the number of steps when all are done.</summary>
    public int CurrentStep { get; set; }
    /// <summary>The official account created when the last step was done.</summary>
    public Guid? AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One step of an application, copied from the pack when it was submitted.</summary>
/// <param name="Actor">An offices key of the pack; accountManager steps are done by the applicant.</param>
public sealed record ApplicationStep(string Id, string Actor, string Action, IReadOnlyList<string> Clauses, bool ChairMayOverride);

public enum ApplicationStatus
{
    /// <summary>審査中 — waiting at its current step.</summary>
    InReview,
    /// <summary>差戻し — returned to the applicant with comments.</summary>
    Returned,
    /// <summary>承認 — every step done; the account is registered as 承認済.</summary>
    Approved,
    /// <summary>却下</summary>
    Rejected,
}

/// <summary>A decision or action on an application: who, at which step, what, and why.</summary>
public sealed class ApplicationDecision : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ApplicationId { get; set; }
    public required string StepId { get; set; }
    public required string StepAction { get; set; }
    public Guid DeciderId { get; set; }
    public required string DeciderName { get; set; }
    public DecisionKind Kind { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum DecisionKind { Submitted, Done, Approved, Returned, Resubmitted, Rejected }

public static class ApplicationLabels
{
    public static string Label(this ApplicationStatus s) => s switch
    {
        ApplicationStatus.InReview => "審査中",
        ApplicationStatus.Returned => "差戻し",
        ApplicationStatus.Approved => "承認",
        ApplicationStatus.Rejected => "却下",
        _ => s.ToString(),
    };

    public static string Label(this DecisionKind k) => k switch
    {
        DecisionKind.Submitted => "申請",
        DecisionKind.Done => "実施",
        DecisionKind.Approved => "承認",
        DecisionKind.Returned => "差戻し",
        DecisionKind.Resubmitted => "再申請",
        DecisionKind.Rejected => "却下",
        _ => k.ToString(),
    };

    /// <summary>The Koho role that acts for a pack's offices key.</summary>
    public static string RoleOf(string officesKey) => officesKey switch
    {
        "accountManager" => KohoRoles.AccountManager,
        "prOffice" => KohoRoles.PrOffice,
        "itOffice" => KohoRoles.ItOffice,
        "ciso" => KohoRoles.Ciso,
        "council" => KohoRoles.Council,
        "hr" => KohoRoles.Hr,
        _ => KohoRoles.Administrator,
    };
}
