namespace Koho.Checks;

/// <summary>The fixed vocabulary of finding categories (../shared/checker/README.md).</summary>
public static class Categories
{
    public const string PersonalInfo = "personal-info";
    public const string Confidential = "confidential";
    public const string Security = "security";
    public const string UndecidedPolicy = "undecided-policy";
    public const string Discrimination = "discrimination";
    public const string Defamation = "defamation";
    public const string Obscene = "obscene";
    public const string Illegal = "illegal";
    public const string Rumor = "rumor";
    public const string PoliticalNeutrality = "political-neutrality";
    public const string UrlShortener = "url-shortener";
    public const string UntrustedLink = "untrusted-link";
    public const string MaskedText = "masked-text";
    public const string RepeatedPost = "repeated-post";
    public const string OutsideHours = "outside-hours";
    public const string DuringWorkHours = "during-work-hours";
    public const string TooLong = "too-long";

    public static readonly IReadOnlyList<string> All =
    [
        PersonalInfo, Confidential, Security, UndecidedPolicy, Discrimination, Defamation, Obscene, Illegal, Rumor,
        PoliticalNeutrality, UrlShortener, UntrustedLink, MaskedText, RepeatedPost, OutsideHours, DuringWorkHours, TooLong,
    ];

    public static bool IsKnown(string category) => All.Contains(category);

    /// <summary>The category's name for people (Japanese).</summary>
    public static string Name(string category) => category switch
    {
        PersonalInfo => "個人情報",
        Confidential => "秘密情報",
        Security => "情報セキュリティ",
        UndecidedPolicy => "意思形成過程の情報",
        Discrimination => "差別的な表現",
        Defamation => "誹謗中傷",
        Obscene => "わいせつな表現",
        Illegal => "違法行為の助長",
        Rumor => "未確認の情報",
        PoliticalNeutrality => "政治的中立",
        UrlShortener => "短縮URL",
        UntrustedLink => "信頼できないリンク",
        MaskedText => "伏せ字",
        RepeatedPost => "重複投稿",
        OutsideHours => "勤務時間外の投稿",
        DuringWorkHours => "勤務時間中の私的投稿",
        TooLong => "文字数超過",
        _ => category,
    };
}

public enum Severity
{
    Off = 0,
    Info = 1,
    Warn = 2,
    Block = 3,
}

public enum PostMode { Official, Private }

public enum PostCategory { Normal, Event, Disaster }

public enum Platform { X, Facebook, Instagram, Line, Mastodon, Bluesky, YouTube }

/// <summary>What is checked: the text and what is known about where and when it will be posted.</summary>
public sealed record Draft(string Text)
{
    public PostMode Mode { get; init; } = PostMode.Official;
    public Platform? Platform { get; init; }
    /// <summary>When it will be posted; null means now (or unknown: no hours check).</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    public PostCategory Category { get; init; } = PostCategory.Normal;
    /// <summary>The account's recent posts, for the repeated-post check.</summary>
    public IReadOnlyList<string> Recent { get; init; } = [];
    /// <summary>Private mode: the writer will be on 時間外勤務 (overtime) when posting.</summary>
    public bool Overtime { get; init; }
    /// <summary>Private mode: the writer will be on 出張 (a business trip) when posting.</summary>
    public bool BusinessTrip { get; init; }
}

/// <summary>A clause of a guideline that a finding enforces.</summary>
public sealed record ClauseRef(string Pack, string Clause, string Quote);

/// <summary>
/// One problem found. <see cref="Start"/> and <see cref="Length"/> are UTF-16 offsets into the original text;
/// a finding about the whole draft (hours, length, repetition) has Start 0 and Length 0.
/// </summary>
public sealed record Finding(
    string Rule,
    string Category,
    Severity Severity,
    int Start,
    int Length,
    string Message,
    string? Suggestion,
    IReadOnlyList<ClauseRef> Clauses);

public sealed record CheckResult(IReadOnlyList<Finding> Findings)
{
    public bool Blocked => Findings.Any(f => f.Severity == Severity.Block);
    public Severity Highest => Findings.Count == 0 ? Severity.Off : Findings.Max(f => f.Severity);
}
