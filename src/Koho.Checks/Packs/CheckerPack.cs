using System.Text.Json;
using System.Text.Json.Serialization;

namespace Koho.Checks.Packs;

/// <summary>
/// The part of a guideline pack the checker reads: which categories apply at which severity to official and
/// private posts, the clauses they enforce, lexicons, trusted domains and working hours. The guideline-packs
/// feature builds this from a tenant's YAML pack; the built-in packs (Packs/*.json) carry the five source
/// guidelines until then.
/// </summary>
public sealed class CheckerPack
{
    public required string Id { get; init; }
    public string Municipality { get; set; } = "";
    public string? LocalGovernmentCode { get; init; }
    public string Title { get; set; } = "";
    public string? Version { get; init; }
    public string? Date { get; init; }
    public string? Source { get; init; }
    public List<string> OwnDomains { get; set; } = [];
    /// <summary>Other domains whose links are trusted (partners named by the pack). lg.jp and go.jp always are.</summary>
    public List<string> TrustedDomains { get; set; } = [];
    public WorkingHours WorkingHours { get; set; } = new();
    /// <summary>Post categories (normal | event | disaster) that may go out outside working hours.</summary>
    public List<string> OutOfHoursCategories { get; set; } = [];
    /// <summary>Municipal closed days besides national holidays and the year-end closure, as MM-DD.</summary>
    public List<string> ClosedDays { get; set; } = [];
    /// <summary>Whether 12/29–1/3 are closed days (年末年始の休日), as in every source guideline's municipality.</summary>
    public bool YearEndClosure { get; set; } = true;
    public List<Clause> Clauses { get; set; } = [];
    public List<CategoryRule> Rules { get; set; } = [];
    public List<LexiconEntry> Lexicon { get; set; } = [];
    /// <summary>Whether the statistical model may add hints (warnings only) where the exact rules found nothing.</summary>
    public bool StatisticalHints { get; set; } = true;
    public string? Disclaimer { get; init; }
    /// <summary>When staff may not use social media privately (the pack's privateUse).</summary>
    public PrivateUseHours PrivateUse { get; set; } = new();
    public string? Notes { get; init; }

    public static CheckerPack FromJson(string json)
    {
        var pack = JsonSerializer.Deserialize(json, PackJson.Default.CheckerPack) ?? throw new InvalidDataException("空のパックです。");
        // An explicit null in the file means "none", like a missing key.
        pack.OwnDomains ??= [];
        pack.TrustedDomains ??= [];
        pack.OutOfHoursCategories ??= [];
        pack.ClosedDays ??= [];
        pack.Clauses ??= [];
        pack.Rules ??= [];
        pack.Lexicon ??= [];
        pack.WorkingHours ??= new WorkingHours();
        pack.PrivateUse ??= new PrivateUseHours();
        return pack;
    }
}

/// <summary>
/// Private use during duty: never during working hours when <see cref="NoPostingDuringWork"/>, and also during overtime
/// or a business trip where the guideline says so (Joetsu 7(2)②: 時間外勤務中を含め).
/// </summary>
public sealed class PrivateUseHours
{
    public bool NoPostingDuringWork { get; set; } = true;
    public bool IncludesOvertime { get; set; }
    public bool IncludesBusinessTrips { get; set; }
}

/// <summary>Source-generated (no reflection): fast to start, which the `koho check` process needs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CheckerPack))]
internal sealed partial class PackJson : JsonSerializerContext;

public sealed class WorkingHours
{
    public string Start { get; set; } = "08:30";
    public string End { get; set; } = "17:15";

    public TimeOnly StartTime => TimeOnly.Parse(Start, System.Globalization.CultureInfo.InvariantCulture);
    public TimeOnly EndTime => TimeOnly.Parse(End, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class Clause
{
    public required string Id { get; init; }
    public string Heading { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class CategoryRule
{
    public required string Category { get; init; }
    public Severity Official { get; set; } = Severity.Warn;
    public Severity Private { get; set; } = Severity.Warn;
    public List<string> Clauses { get; set; } = [];
    public string? Note { get; init; }
}

public sealed class LexiconEntry
{
    public required string Term { get; init; }
    public required string Category { get; init; }
    public string? Suggestion { get; init; }
    public string? Note { get; init; }
    /// <summary>A wording matter (a neutral word exists): reported at most as a warning.</summary>
    public bool Weak { get; init; }
}
