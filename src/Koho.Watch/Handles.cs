namespace Koho.Watch;

/// <summary>
/// A handle read the way its platform means it. <see cref="Local"/> is the part that names the account (compared
/// across platforms); <see cref="Domain"/> is the Mastodon server, when known. <see cref="Plain"/> (lower case) is
/// the identity on the platform; <see cref="Display"/> is how explanations show it (@ and the spelling given).
/// </summary>
internal sealed class ParsedHandle
{
    public ParsedHandle(string platform, string local, string plain, string? domain, string display)
    {
        Platform = platform;
        Local = local;
        Plain = plain;
        Domain = domain;
        Display = display;
        Bare = Confusables.Bare(local);
        Compact = Confusables.Compact(local);
        Skeleton = Confusables.Skeleton(Compact);
        Folded = Confusables.FoldDigits(Compact);
        SkeletonMask = EditDistance.Mask(Skeleton);
        FoldedMask = EditDistance.Mask(Folded);
    }

    public string Platform { get; }
    public string Local { get; }
    public string Plain { get; }
    public string? Domain { get; }
    public string Display { get; }

    /// <summary>Bare, Compact and Skeleton forms of <see cref="Local"/> (see <see cref="Confusables"/>).</summary>
    public string Bare { get; }
    public string Compact { get; }
    public string Skeleton { get; }

    /// <summary>Compact with only the length-keeping digit folds: edit distances are also measured on this,
    /// because a typo next to a folded pair (ctiy, where city folds to dty) would otherwise count twice.</summary>
    public string Folded { get; }

    public uint SkeletonMask { get; }
    public uint FoldedMask { get; }

    public bool IsEmpty => Plain.Length == 0;

    /// <summary>
    /// The same account: same platform and same plain handle; on Mastodon also the same server, unless one side
    /// doesn't say (a bare "musashino" is taken to be on the server the other side names).
    /// </summary>
    public bool SameAccountAs(ParsedHandle other) =>
        SamePlatformAs(other) && Plain == other.Plain && (Domain is null || other.Domain is null || Domain == other.Domain);

    /// <summary>Known platforms are canonical already; others ("TikTok", "tiktok") compare without case.</summary>
    public bool SamePlatformAs(ParsedHandle other) => string.Equals(Platform, other.Platform, StringComparison.OrdinalIgnoreCase);

    /// <summary>The normalised key of the account (platform-independent part), e.g. "musashino@mstdn.jp".</summary>
    public string Key => Domain is null ? Plain : Plain + "@" + Domain;
}

internal static class Handles
{
    /// <summary>The platform's canonical name: the register's spelling for known ones, else the trimmed text.</summary>
    public static string CanonicalPlatform(string? platform)
    {
        var p = (platform ?? "").Trim();
        return p.ToLowerInvariant() switch
        {
            "x" or "twitter" => "X",
            "facebook" or "fb" => "Facebook",
            "instagram" or "ig" => "Instagram",
            "line" => "Line",
            "mastodon" => "Mastodon",
            "bluesky" or "bsky" => "Bluesky",
            "youtube" or "yt" => "YouTube",
            _ => p,
        };
    }

    /// <summary>The platform's name for people (LINE in capitals, as the service writes it).</summary>
    public static string PlatformLabel(string canonical) => canonical == "Line" ? "LINE" : canonical;

    private const string BlueskyDefaultSuffix = ".bsky.social";

    /// <summary>
    /// Reads a handle: trims, NFKC, drops leading @, reduces a profile URL (https://x.com/name,
    /// https://mstdn.jp/@name, https://bsky.app/profile/name.bsky.social) to the handle, splits Mastodon's
    /// name@server and drops Bluesky's default .bsky.social (a bare Bluesky name means that domain).
    /// </summary>
    public static ParsedHandle Parse(string? platform, string? handle)
    {
        var canonical = CanonicalPlatform(platform);
        var text = Confusables.Clean(handle ?? "");
        text = FromUrl(text, canonical);
        text = text.TrimStart('@').TrimEnd('/');

        string? domain = null;
        if (canonical == "Mastodon")
        {
            var at = text.IndexOf('@');
            if (at >= 0)
            {
                var d = text[(at + 1)..].Trim('@').ToLowerInvariant();
                domain = d.Length == 0 ? null : d;
                text = text[..at];
            }
        }
        else if (canonical == "Bluesky" && text.EndsWith(BlueskyDefaultSuffix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^BlueskyDefaultSuffix.Length];
        }

        var plain = text.ToLowerInvariant();
        var display = canonical switch
        {
            "Mastodon" when domain is not null => $"@{text}@{domain}",
            "Bluesky" when !text.Contains('.') && text.Length > 0 => $"@{text}{BlueskyDefaultSuffix}",
            _ => "@" + text,
        };
        return new ParsedHandle(canonical, text, plain, domain, display);
    }

    private static string FromUrl(string text, string platform)
    {
        var schemeEnd = text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : -1;
        if (schemeEnd < 0) return text;
        var rest = text[schemeEnd..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0) rest = rest[..cut];
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return "";
        var host = parts[0].ToLowerInvariant();
        // bsky.app/profile/name, and the YouTube / Facebook forms that put a word before the name.
        var segment = parts[1] is "profile" or "c" or "user" or "channel" && parts.Length > 2 ? parts[2] : parts[1];
        if (platform == "Mastodon" && segment.StartsWith('@') && segment.IndexOf('@', 1) < 0) return segment + "@" + host;
        return segment;
    }

    /// <summary>
    /// A Bluesky handle under a government-only domain (….lg.jp, ….go.jp) is verified by the domain itself: only a
    /// local government can hold it, so it is never an impersonation.
    /// </summary>
    public static bool IsGovernmentDomainHandle(ParsedHandle h) =>
        h.Platform == "Bluesky" && (h.Plain.EndsWith(".lg.jp", StringComparison.Ordinal) || h.Plain.EndsWith(".go.jp", StringComparison.Ordinal));
}
