namespace Koho.Watch;

/// <summary>
/// One of the municipality's own accounts, from its register. <paramref name="Platform"/> is one of "X", "Facebook",
/// "Instagram", "Line", "Mastodon", "Bluesky", "YouTube" (case-insensitive; "Twitter" is read as X).
/// <paramref name="Handle"/> may be written with or without @, in full width, or as a profile URL.
/// </summary>
public sealed record RegisteredAccount(Guid Id, string Platform, string Handle, string DisplayName);

/// <summary>An account seen on a platform (an author of a mention, a search hit …), to be assessed.</summary>
public sealed record ObservedAccount(string Platform, string Handle, string? DisplayName);

/// <summary>Why an observed account is a なりすまし候補.</summary>
public enum CandidateReason
{
    /// <summary>Its handle looks like an official one: confusable characters (0/o, rn/m, Cyrillic а …), a one- or
    /// two-letter difference, another Mastodon server, or an official handle used on a platform where it isn't ours.</summary>
    Lookalike,
    /// <summary>An official handle with words such as official, _jp, koho or numbers added, removed or swapped.</summary>
    AddedAffix,
    /// <summary>The municipality's name in the handle or display name, without resembling any official handle.</summary>
    MunicipalityName,
    /// <summary>An official account's display name on an account that isn't in the register.</summary>
    SameDisplayName,
}

/// <summary>
/// A なりすまし候補. <paramref name="ResemblesAccountId"/> is the register's account it resembles (null for
/// <see cref="CandidateReason.MunicipalityName"/>); <paramref name="Score"/> runs from 0 to 1 (higher: more
/// likely to be mistaken for the official account); <paramref name="Explanation"/> is a Japanese sentence for staff.
/// </summary>
public sealed record ImpersonationCandidate(ObservedAccount Observed, CandidateReason Reason, Guid? ResemblesAccountId, double Score, string Explanation);

/// <summary>
/// When a count of mentions and replies is a spike (炎上の兆し). All three conditions must hold: at least
/// <see cref="MinimumCount"/>, at least <see cref="Ratio"/> times the baseline, and more than <see cref="Sigmas"/>
/// robust standard deviations above it.
/// </summary>
public sealed record SpikeOptions
{
    public int MinimumCount { get; init; } = 20;
    public double Ratio { get; init; } = 4.0;
    public double Sigmas { get; init; } = 4.0;
}

/// <summary>
/// The spike verdict for one window. <paramref name="Baseline"/> is the median of the previous windows (their mean
/// when there are fewer than <see cref="SpikeDetector.MinimumWindowsForSpread"/>); <paramref name="Ratio"/> is
/// current ÷ max(baseline, 1); <paramref name="Explanation"/> is Japanese, for staff.
/// </summary>
public sealed record SpikeVerdict(bool IsSpike, int Current, double Baseline, double Ratio, string Explanation);
