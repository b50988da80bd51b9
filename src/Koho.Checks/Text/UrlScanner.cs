using System.Globalization;

namespace Koho.Checks.Text;

/// <summary>A link found in text: its span and host (lower case, punycode for international hosts).</summary>
public readonly record struct FoundUrl(int Start, int Length, string Host, bool HasScheme, bool IsHttps);

/// <summary>
/// Finds links the way people write them in posts: with http(s):// (international hosts included) or as a bare
/// domain with a known top-level domain (city.musashino.lg.jp, bit.ly/abc). Follows twitter-text's rules where X
/// counts length (a host label may have at most 63 characters after punycode; a link ends where ASCII ends
/// unless its host is international). A hand-written scanner: no backtracking regular expressions.
/// </summary>
public static class UrlScanner
{
    // Top-level domains accepted without a scheme: the common generic ones and every country code.
    private static readonly HashSet<string> Tlds = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "mobi", "asia", "jobs", "travel",
        "app", "dev", "page", "io", "ai", "me", "tv", "ly", "gl", "gd", "to", "cc", "co", "ws", "fm", "am", "la", "sh",
        "tokyo", "osaka", "nagoya", "yokohama", "kyoto", "okinawa", "nagoya", "shop", "site", "online", "xyz", "club",
        "blog", "news", "link", "click", "top", "tech", "store", "live", "work", "jp", "us", "uk", "de", "fr", "it",
        "es", "nl", "se", "no", "fi", "dk", "ch", "at", "be", "pl", "cz", "ru", "cn", "tw", "hk", "kr", "sg", "th",
        "vn", "ph", "my", "id", "in", "au", "nz", "ca", "mx", "br", "ar", "cl", "za", "eu", "ie", "pt", "gr", "tr",
        "il", "ae", "sa", "eg", "ng", "ke", "ua", "ro", "hu", "bg", "hr", "si", "sk", "lt", "lv", "ee", "is", "lu",
    };

    public static List<FoundUrl> Find(string text)
    {
        var found = new List<FoundUrl>();
        // Every link has a dot in its host: most posts have none and are done here.
        if (text.IndexOf('.') < 0) return found;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsAsciiLetterOrDigit(c)) { i++; continue; }
            var url = (c is 'h' or 'H' ? TryScheme(text, i) : null) ?? TryBareDomain(text, i);
            if (url is { } u)
            {
                found.Add(u);
                i = u.Start + u.Length;
            }
            else
            {
                i++;
            }
        }
        return found;
    }

    private static FoundUrl? TryScheme(string text, int i)
    {
        bool https;
        int hostStart;
        if (StartsWithIgnoreCase(text, i, "https://")) { https = true; hostStart = i + 8; }
        else if (StartsWithIgnoreCase(text, i, "http://")) { https = false; hostStart = i + 7; }
        else return null;
        if (i > 0 && char.IsAsciiLetterOrDigit(text[i - 1])) return null;

        // Host: ASCII letters, digits, '-', '.', or any letter (international domain names).
        var end = hostStart;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.' || (text[end] > 0x7F && char.IsLetterOrDigit(text[end]))))
            end++;
        var host = text[hostStart..end];
        // A Japanese sentence may follow an ASCII host directly (…lg.jpをご覧ください): the host ends with its TLD.
        var lastDot = host.LastIndexOf('.');
        if (lastDot > 0)
        {
            var tldEnd = lastDot + 1;
            while (tldEnd < host.Length && char.IsAsciiLetter(host[tldEnd])) tldEnd++;
            if (tldEnd < host.Length && IsAscii(host.AsSpan(0, lastDot)))
            {
                host = host[..tldEnd];
                end = hostStart + tldEnd;
            }
        }
        host = host.TrimEnd('.', '-');
        end = hostStart + host.Length;
        var ascii = ToAsciiHost(host);
        if (ascii is null || !ascii.Contains('.')) return null;
        end = ScanPortAndPath(text, end);
        return new FoundUrl(i, end - i, ascii, true, https);
    }

    private static FoundUrl? TryBareDomain(string text, int i)
    {
        if (!char.IsAsciiLetterOrDigit(text[i])) return null;
        if (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || text[i - 1] is '.' or '-' or '@' or '_' or '/' or ':')) return null;
        var end = i;
        var dot = false;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.')) { dot |= text[end] == '.'; end++; }
        if (!dot) return null; // no allocation for the many words and numbers that are not domains
        var host = text[i..end].TrimEnd('.', '-');
        if (end < text.Length && text[end] == '@') return null; // an e-mail address, not a link
        var lastDot = host.LastIndexOf('.');
        if (lastDot <= 0 || !Tlds.Contains(host[(lastDot + 1)..])) return null;
        var ascii = ToAsciiHost(host);
        if (ascii is null) return null;
        var stop = ScanPortAndPath(text, i + host.Length);
        return new FoundUrl(i, stop - i, ascii, false, false);
    }

    private static int ScanPortAndPath(string text, int end)
    {
        if (end < text.Length && text[end] == ':')
        {
            var p = end + 1;
            while (p < text.Length && char.IsAsciiDigit(text[p])) p++;
            if (p > end + 1) end = p;
        }
        if (end < text.Length && text[end] is '/' or '?' or '#')
        {
            while (end < text.Length && IsPathChar(text[end])) end++;
            // Trailing punctuation belongs to the sentence, not the link.
            while (end > 0 && text[end - 1] is '.' or ',' or '!' or '?' or ')' or ']' or '\'' or '"' or ';' or ':') end--;
        }
        return end;
    }

    private static bool IsPathChar(char c) => c > ' ' && c < 0x7F && c is not '<' and not '>' and not '"' and not '`' and not '{' and not '}' and not '|' and not '\\' and not '^';

    /// <summary>Lower-case ASCII (punycode) host, or null when a label is empty or longer than 63 characters.</summary>
    private static string? ToAsciiHost(string host)
    {
        if (host.Length == 0) return null;
        string ascii;
        try { ascii = IsAscii(host) ? host.ToLowerInvariant() : new IdnMapping().GetAscii(host).ToLowerInvariant(); }
        catch (ArgumentException) { return null; }
        foreach (var label in ascii.Split('.'))
        {
            if (label.Length is 0 or > 63) return null;
        }
        return ascii;
    }

    private static bool IsAscii(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c > 0x7F) return false;
        return true;
    }

    private static bool StartsWithIgnoreCase(string text, int i, string prefix) =>
        string.Compare(text, i, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0 && i + prefix.Length <= text.Length;
}
