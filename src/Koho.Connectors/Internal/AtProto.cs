using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Koho.Connectors.Internal;

/// <summary>
/// AT Protocol timestamp identifiers (TIDs), written here because no .NET library in the feed does it: 64 bits =
/// 0, 53 bits of microseconds since the Unix epoch, 10 bits of "clock id"; 13 characters of base32-sortable.
/// </summary>
internal static partial class Tid
{
    private const string Alphabet = "234567abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The record key for one post, the same for every attempt at it. Its time is <paramref name="createdAt"/>'s
    /// second (so keys sort like the posts); the microseconds within that second and the clock id come from the
    /// idempotency key, so two posts created in the same second collide only with odds of about one in a billion.
    /// </summary>
    public static string ForPost(Guid idempotencyKey, DateTimeOffset createdAt)
    {
        var seconds = (createdAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(idempotencyKey.ToByteArray(), hash);
        var h = BitConverter.ToUInt64(hash);
        var micros = (ulong)seconds * 1_000_000 + h % 1_000_000;
        var clockId = (h >> 40) & 0x3FF;
        return Encode((micros << 10) | clockId);
    }

    public static string Encode(ulong value)
    {
        value &= 0x7FFF_FFFF_FFFF_FFFF; // the top bit is always 0
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    public static bool IsValid(string s) => TidPattern().IsMatch(s);

    [GeneratedRegex("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")]
    private static partial Regex TidPattern();
}

/// <summary>Link facets for app.bsky.feed.post: Bluesky only makes a URL clickable when a facet marks its UTF-8 byte range.</summary>
internal static partial class Facets
{
    public static JsonArray Links(string text)
    {
        var facets = new JsonArray();
        foreach (Match m in Url().Matches(text))
        {
            var url = TrimTrailing(m.Value);
            if (!Uri.TryCreate(url, UriKind.Absolute, out _)) continue;
            var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, m.Index));
            facets.Add(new JsonObject
            {
                ["index"] = new JsonObject { ["byteStart"] = start, ["byteEnd"] = start + Encoding.UTF8.GetByteCount(url) },
                ["features"] = new JsonArray { new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = url } },
            });
        }
        return facets;
    }

    /// <summary>Sentence punctuation after a URL is not part of it; a closing parenthesis only when unbalanced.</summary>
    private static string TrimTrailing(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (".,;:!?'\"".Contains(last)) { url = url[..^1]; continue; }
            if (last == ')' && url.Count(ch => ch == '(') < url.Count(ch => ch == ')')) { url = url[..^1]; continue; }
            break;
        }
        return url;
    }

    // ASCII only: in Japanese text a URL is usually followed directly by a Japanese character, with no space.
    [GeneratedRegex(@"https?://[\x21-\x7E]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
