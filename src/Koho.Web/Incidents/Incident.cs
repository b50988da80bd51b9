using Koho.Web.Accounts;
using Koho.Web.Organization;

namespace Koho.Web.Incidents;

/// <summary>The incident types of the guidelines' playbooks (a pack's <c>incidents[].type</c>).</summary>
public enum IncidentType
{
    /// <summary>炎上 — critical or hostile reactions piling up.</summary>
    Flaming,
    /// <summary>なりすまし — someone posing as an official account.</summary>
    Impersonation,
    /// <summary>乗っ取り — an official account taken over.</summary>
    Hijacking,
    /// <summary>誤情報 — the municipality itself posted something wrong.</summary>
    Misinformation,
    /// <summary>重要な記述の発見 — a statement about the municipality that needs action (life, crime, disaster, an important opinion).</summary>
    ImportantMention,
    /// <summary>私的利用トラブル — a staff member's private use caused trouble.</summary>
    PrivateUseTrouble,
}

/// <summary>対応中 → 終結 (with the closing report).</summary>
public enum IncidentStatus { Open, Closed }

/// <summary>
/// One incident (インシデント): what happened, the pack's playbook copied at opening (steps, escalation chain, time to
/// acknowledge — the pack may change later, the incident keeps the rules it was opened under), the public response
/// (directory warning, stop switch), and the closing report.
/// </summary>
public sealed class Incident : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Per municipality, 1, 2, 3 … (shown as 第n号).</summary>
    public int Number { get; set; }
    public IncidentType Type { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>The official account concerned (none for private-use trouble or a mention about the municipality in general).</summary>
    public Guid? AccountId { get; set; }
    /// <summary>The department responsible (the account's, else the reporter's): statistics and 所属長 come from it.</summary>
    public Guid DepartmentId { get; set; }
    /// <summary>The outside organisation running the account when the incident was opened, shown with the incident.</summary>
    public Guid? OutsideOrganizationId { get; set; }
    public string? OutsideOrganizationName { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public Guid OpenedById { get; set; }
    public required string OpenedByName { get; set; }
    /// <summary>pack id@version whose playbook was copied.</summary>
    public required string PackReference { get; set; }
    public int AcknowledgeWithinMinutes { get; set; }

    /// <summary>なりすまし: the impostor as seen on the platform (never linked on public pages).</summary>
    public Platform? ImpostorPlatform { get; set; }
    public string? ImpostorHandle { get; set; }
    /// <summary>The directory warning this incident raised, while it is the incident's.</summary>
    public Guid? WarningId { get; set; }
    /// <summary>The stop switch this incident turned on (乗っ取り).</summary>
    public Guid? PauseId { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
    public Guid? ClosedById { get; set; }
    public string? ClosedByName { get; set; }
    /// <summary>Closing report: 経過の概要 (what happened).</summary>
    public string? Summary { get; set; }
    /// <summary>Closing report: 原因.</summary>
    public string? Cause { get; set; }
    /// <summary>Closing report: 教訓・再発防止策.</summary>
    public string? Lessons { get; set; }

    /// <summary>Bumped by every change: two people acting at once cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>One step of the playbook: what to do, who does it (an office of the pack or the operator), by when.</summary>
public sealed class IncidentStep : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid IncidentId { get; set; }
    public int Position { get; set; }
    public required string StepKey { get; set; }
    public required string Action { get; set; }
    /// <summary>A pack offices key (accountManager, prOffice, itOffice, ciso, hr, council) or "operator".</summary>
    public required string Actor { get; set; }
    /// <summary>evidence (a screen record must be attached) | note (a note of what was done) | none.</summary>
    public required string Record { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public Guid? DoneById { get; set; }
    public string? DoneByName { get; set; }
    public string? Note { get; set; }
    /// <summary>Marked not applicable (実施せず) with the reason in <see cref="Note"/>.</summary>
    public bool Skipped { get; set; }
}

/// <summary>A screen record or document kept as evidence (証拠): stored with its SHA-256 so it can be shown unaltered.</summary>
public sealed class IncidentEvidence : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid IncidentId { get; set; }
    public Guid? StepId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public Guid UploadedById { get; set; }
    public required string UploadedByName { get; set; }
}

/// <summary>
/// One level of the escalation chain (報告・連絡の順): notified, then acknowledged by a holder of the office — or,
/// when nobody acknowledges within the pack's time, passed up to the next level (<see cref="TimedOutAt"/>).
/// </summary>
public sealed class IncidentEscalation : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid IncidentId { get; set; }
    public int Level { get; set; }
    public required string Office { get; set; }
    /// <summary>When this level was told (null: not reached yet — the level below has not acknowledged or timed out).</summary>
    public DateTimeOffset? NotifiedAt { get; set; }
    public DateTimeOffset? AcknowledgeBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedById { get; set; }
    public string? AcknowledgedByName { get; set; }
    /// <summary>Nobody acknowledged in time: the next level was notified (or, at the top, reminded).</summary>
    public DateTimeOffset? TimedOutAt { get; set; }
}

/// <summary>The incident's timeline (経過): everything done, by whom and when, in the words shown to staff.</summary>
public sealed class IncidentEvent : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid IncidentId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
}

public static class IncidentLabels
{
    public static string Label(this IncidentType t) => t switch
    {
        IncidentType.Flaming => "炎上",
        IncidentType.Impersonation => "なりすまし",
        IncidentType.Hijacking => "乗っ取り",
        IncidentType.Misinformation => "誤情報",
        IncidentType.ImportantMention => "重要な記述の発見",
        IncidentType.PrivateUseTrouble => "私的利用トラブル",
        _ => t.ToString(),
    };

    /// <summary>The pack's key for the type (<c>incidents[].type</c>).</summary>
    public static string PackKey(this IncidentType t) => t switch
    {
        IncidentType.Flaming => "flaming",
        IncidentType.Impersonation => "impersonation",
        IncidentType.Hijacking => "hijacking",
        IncidentType.Misinformation => "misinformation",
        IncidentType.ImportantMention => "important-mention",
        IncidentType.PrivateUseTrouble => "private-use-trouble",
        _ => t.ToString(),
    };

    public static string Label(this IncidentStatus s) => s switch
    {
        IncidentStatus.Open => "対応中",
        IncidentStatus.Closed => "終結",
        _ => s.ToString(),
    };

    public static string Number(this Incident i) => $"第{i.Number}号";
}
