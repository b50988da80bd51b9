using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Koho.FakePlatforms.Validation;

/// <summary>
/// X's weighted length per twitter-text's v3 configuration, written here because twitter-text has no .NET port in
/// the package feed. Code points weigh what the config's ranges say (else defaultWeight); an emoji grapheme
/// weighs defaultWeight as a whole; a URL counts transformedURLLength. Covers what Koho needs, not all of
/// twitter-text: URLs must have a scheme (no bare "example.com") and no TLD list is consulted.
/// </summary>
public sealed class TwitterTextConfig
{
    public int MaxWeightedTweetLength { get; private init; }
    public int Scale { get; private init; }
    public int DefaultWeight { get; private init; }
    public int TransformedUrlLength { get; private init; }
    public bool EmojiParsingEnabled { get; private init; }
    public IReadOnlyList<(int Start, int End, int Weight)> Ranges { get; private init; } = [];

    public static TwitterTextConfig Load(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        return new TwitterTextConfig
        {
            MaxWeightedTweetLength = (int)json["maxWeightedTweetLength"]!,
            Scale = (int)json["scale"]!,
            DefaultWeight = (int)json["defaultWeight"]!,
            TransformedUrlLength = (int)json["transformedURLLength"]!,
            EmojiParsingEnabled = (bool?)json["emojiParsingEnabled"] ?? false,
            Ranges = [.. json["ranges"]!.AsArray().Select(r => ((int)r!["start"]!, (int)r["end"]!, (int)r["weight"]!))],
        };
    }
}

public static partial class TextLength
{
    public readonly record struct TweetLength(int WeightedLength, bool Valid);

    public static TweetLength Tweet(string text, TwitterTextConfig config)
    {
        // Noncharacters (U+FFFE, U+FFFF) make .NET's normaliser throw; such text is invalid anyway and counted as is.
        try { text = text.Normalize(NormalizationForm.FormC); }
        catch (ArgumentException) { }
        long weighted = 0;
        var position = 0;
        foreach (var (start, length) in Urls(text))
        {
            weighted += Weigh(text[position..start], config);
            weighted += (long)config.TransformedUrlLength * config.Scale;
            position = start + length;
        }
        weighted += Weigh(text[position..], config);
        var weightedLength = (int)(weighted / config.Scale);
        var hasInvalid = text.Any(ch => ch is '\uFFFE' or '\uFEFF' or '\uFFFF');
        return new TweetLength(weightedLength, text.Length > 0 && !hasInvalid && weightedLength <= config.MaxWeightedTweetLength);
    }

    /// <summary>Mastodon: grapheme clusters, every URL counting 23 (as its StatusLengthValidator does).</summary>
    public static int Mastodon(string text)
    {
        var count = 0;
        var position = 0;
        foreach (var (start, length) in Urls(text))
        {
            count += Graphemes(text[position..start]) + 23;
            position = start + length;
        }
        return count + Graphemes(text[position..]);
    }

    public static int Graphemes(string text) => new StringInfo(text).LengthInTextElements;

    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static long Weigh(string segment, TwitterTextConfig config)
    {
        long sum = 0;
        var elements = StringInfo.GetTextElementEnumerator(segment);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (config.EmojiParsingEnabled && IsEmoji(element))
            {
                sum += config.DefaultWeight;
                continue;
            }
            foreach (var rune in element.EnumerateRunes()) sum += WeightOf(rune.Value, config);
        }
        return sum;
    }

    private static int WeightOf(int codePoint, TwitterTextConfig config)
    {
        foreach (var (start, end, weight) in config.Ranges)
        {
            if (codePoint >= start && codePoint <= end) return weight;
        }
        return config.DefaultWeight;
    }

    /// <summary>Pictographic blocks, keycap sequences and anything with an emoji presentation selector.</summary>
    private static bool IsEmoji(string element)
    {
        foreach (var rune in element.EnumerateRunes())
        {
            var cp = rune.Value;
            if (cp is >= 0x1F000 and <= 0x1FAFF or >= 0x2600 and <= 0x27BF or >= 0x2B00 and <= 0x2BFF or >= 0x2300 and <= 0x23FF
                or 0x20E3 or 0xFE0F)
                return true;
        }
        return false;
    }

    /// <summary>
    /// URLs with a scheme whose host labels are all valid (at most 63 characters once punycoded, as DNS allows):
    /// twitter-text does not treat "https://&lt;a 200-letter label&gt;.com" as a link.
    /// </summary>
    public static IEnumerable<(int Start, int Length)> Urls(string text)
    {
        foreach (Match m in UrlPattern().Matches(text))
        {
            var value = m.Value;
            while (value.Length > 0 && ".,;:!?'\")".Contains(value[^1]) && !(value[^1] == ')' && value.Count(c => c == '(') >= value.Count(c => c == ')')))
                value = value[..^1];
            var host = m.Groups["host"].Value;
            if (!ValidHost(host)) continue;
            yield return (m.Index, value.Length);
        }
    }

    private static readonly IdnMapping Idn = new();

    private static bool ValidHost(string host)
    {
        var labels = host.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0)) return false;
        foreach (var label in labels)
        {
            try
            {
                if (Idn.GetAscii(label).Length > 63) return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex(@"https?://(?<host>[\p{L}\p{N}\p{M}\-\.]+)(?::\d+)?(?:[/?#][\x21-\x7E]*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
