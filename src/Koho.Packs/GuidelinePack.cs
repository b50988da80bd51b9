namespace Koho.Packs;

// The guideline pack as data (docs/packs/format.md). Property names are the YAML keys in camelCase; values stay
// close to the file (strings where the file has words) and PackValidator says which words are allowed.

/// <summary>A municipality's social media guideline as what Koho enforces, clause by clause.</summary>
public sealed class GuidelinePack
{
    public int Schema { get; set; }
    public string Id { get; set; } = "";
    public string? Extends { get; set; }
    public string Municipality { get; set; } = "";
    public string LocalGovernmentCode { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Version { get; set; }
    public string? Date { get; set; }
    public string? Source { get; set; }
    public string? Notes { get; set; }
    public Offices Offices { get; set; } = new();
    public List<PackClause> Clauses { get; set; } = [];
    public ContentRules Content { get; set; } = new();
    public HoursRules Hours { get; set; } = new();
    public ApprovalRules Approval { get; set; } = new();
    public OpeningRules Opening { get; set; } = new();
    public LifecycleRules Lifecycle { get; set; } = new();
    public List<IncidentPlaybook> Incidents { get; set; } = [];
    public PrivateUseRules PrivateUse { get; set; } = new();
    public OperationPolicyTemplate OperationPolicy { get; set; } = new();

    public PackClause? Clause(string id) => Clauses.Find(c => c.Id == id);
}

/// <summary>Where a rule comes from: clauses of the guideline, or — where it is silent — Koho's stated default.</summary>
public abstract class Grounded
{
    public List<string> Clauses { get; set; } = [];
    /// <summary>The guideline is silent: what Koho assumes, and that it is Koho's default.</summary>
    public string? Default { get; set; }
}

/// <summary>Names of the offices and people that play Koho's roles in this municipality.</summary>
public sealed class Offices
{
    /// <summary>所属長 / 運用管理責任者: approves posts, applies for and owns accounts.</summary>
    public string? AccountManager { get; set; }
    public string? PrOffice { get; set; }
    public string? ItOffice { get; set; }
    public string? Hr { get; set; }
    public string? Ciso { get; set; }
    /// <summary>The body that approves a platform the municipality never used (ICT戦略会議 …); null when none.</summary>
    public string? Council { get; set; }

    public static readonly IReadOnlyList<string> Keys = ["accountManager", "prOffice", "itOffice", "hr", "ciso", "council"];

    public string? this[string key] => key switch
    {
        "accountManager" => AccountManager,
        "prOffice" => PrOffice,
        "itOffice" => ItOffice,
        "hr" => Hr,
        "ciso" => Ciso,
        "council" => Council,
        _ => null,
    };
}

public sealed class PackClause
{
    public string Id { get; set; } = "";
    public string Heading { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>Set when Koho enforces nothing of this clause: why (it guides people, not systems).</summary>
    public string? Guidance { get; set; }
}

public sealed class ContentRules
{
    public List<string> OwnDomains { get; set; } = [];
    public List<string> TrustedDomains { get; set; } = [];
    public bool StatisticalHints { get; set; } = true;
    public List<ContentRule> Rules { get; set; } = [];
    public List<PackLexiconEntry> Lexicon { get; set; } = [];
    public PlatformDefaults Platform { get; set; } = new();
}

public sealed class ContentRule : Grounded
{
    public string Category { get; set; } = "";
    public string Official { get; set; } = "warn";
    public string Private { get; set; } = "warn";
    public string? Note { get; set; }
}

public sealed class PackLexiconEntry
{
    public string Term { get; set; } = "";
    public string Category { get; set; } = "";
    public string? Suggestion { get; set; }
    public string? Note { get; set; }
    public bool Weak { get; set; }
}

public sealed class PlatformDefaults : Grounded
{
    /// <summary>none | individual | as-needed.</summary>
    public string Replies { get; set; } = "none";
    /// <summary>none | public-bodies | as-needed.</summary>
    public string Follows { get; set; } = "none";
}

public sealed class HoursRules : Grounded
{
    public string Start { get; set; } = "08:30";
    public string End { get; set; } = "17:15";
    public List<string> ClosedDays { get; set; } = [];
    public bool YearEndClosure { get; set; } = true;
    public List<string> OutOfHoursCategories { get; set; } = [];
}

public sealed class ApprovalRules : Grounded
{
    /// <summary>An offices key: who approves an official post.</summary>
    public string Approver { get; set; } = "accountManager";
    public bool SelfApproval { get; set; }
    public OverrideRule Override { get; set; } = new();
    public EmergencyRule Emergency { get; set; } = new();
    public CorrectionRule Corrections { get; set; } = new();
}

/// <summary>What happens to an erroneous post when it is corrected (訂正).</summary>
public sealed class CorrectionRule : Grounded
{
    /// <summary>delete (always deleted, then corrected) | keep (kept, a correction follows) | by-impact (deleted when the error's impact is serious).</summary>
    public string ErroneousPost { get; set; } = "by-impact";
}

public sealed class OverrideRule : Grounded
{
    public List<string> Roles { get; set; } = [];
    public bool ReasonRequired { get; set; } = true;
}

public sealed class EmergencyRule : Grounded
{
    public bool Allowed { get; set; }
    public string? ReportTo { get; set; }
    public int? ReportWithinHours { get; set; }
}

public sealed class OpeningRules
{
    public List<OpeningStep> Steps { get; set; } = [];
    public List<ApplicationItem> ApplicationContent { get; set; } = [];
}

public sealed class OpeningStep : Grounded
{
    public string Id { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public bool NewPlatformOnly { get; set; }
    public bool ChairMayOverride { get; set; }
}

public sealed class ApplicationItem : Grounded
{
    public string Id { get; set; } = "";
    public string Label { get; set; } = "";
}

/// <summary>A value with its basis (lifecycle items).</summary>
public sealed class Setting<T> : Grounded
{
    public T? Value { get; set; }
}

public sealed class LifecycleRules
{
    /// <summary>fiscal-year | indefinite.</summary>
    public Setting<string> PlanPeriod { get; set; } = new();
    public Setting<bool> AnnualReview { get; set; } = new();
    public Setting<int?> MinimumPostsPerMonth { get; set; } = new();
    public Setting<int?> DormancyDays { get; set; } = new();
    public WithdrawalRules Withdrawal { get; set; } = new();
    public AccountRequirements Requirements { get; set; } = new();
}

public sealed class WithdrawalRules
{
    public Setting<int?> NoticeDays { get; set; } = new();
    public Setting<bool> DeleteAfterNotice { get; set; } = new();
    public Setting<bool> KeepMonitoring { get; set; } = new();
}

public sealed class AccountRequirements
{
    public Setting<bool> VerifiedBadge { get; set; } = new();
    public Setting<bool> TwoFactor { get; set; } = new();
    public Setting<int?> PasswordRotationDays { get; set; } = new();
    public Setting<bool> PolicyInProfile { get; set; } = new();
    public Setting<bool> PolicyOnHomepage { get; set; } = new();
    public Setting<bool> HomepageUrlInProfile { get; set; } = new();
}

public sealed class IncidentPlaybook : Grounded
{
    /// <summary>flaming | impersonation | hijacking | misinformation | important-mention | private-use-trouble.</summary>
    public string Type { get; set; } = "";
    public List<string> Escalation { get; set; } = [];
    public int AcknowledgeWithinMinutes { get; set; } = 60;
    public List<PlaybookStep> Steps { get; set; } = [];

    public static readonly IReadOnlyList<string> Types = ["flaming", "impersonation", "hijacking", "misinformation", "important-mention", "private-use-trouble"];
}

public sealed class PlaybookStep
{
    public string Id { get; set; } = "";
    public string Action { get; set; } = "";
    /// <summary>An offices key or "operator".</summary>
    public string Actor { get; set; } = "";
    public int? WithinHours { get; set; }
    /// <summary>evidence | note | none.</summary>
    public string Record { get; set; } = "note";
}

public sealed class PrivateUseRules : Grounded
{
    public bool NoPostingDuringWork { get; set; } = true;
    public bool IncludesOvertime { get; set; }
    public bool IncludesBusinessTrips { get; set; }
    public DisclaimerRule Disclaimer { get; set; } = new();
}

public sealed class DisclaimerRule : Grounded
{
    /// <summary>always | work-related | never.</summary>
    public string RequiredWhen { get; set; } = "work-related";
    public string? Example { get; set; }
}

public sealed class OperationPolicyTemplate : Grounded
{
    public List<PolicySection> Sections { get; set; } = [];

    public static readonly IReadOnlyList<string> Placeholders =
        ["municipality", "accountName", "platform", "department", "purpose", "replies", "follows", "contact", "homepage"];
}

public sealed class PolicySection
{
    public string Heading { get; set; } = "";
    public string Text { get; set; } = "";
}
