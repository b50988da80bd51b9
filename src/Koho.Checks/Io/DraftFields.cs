using System.Globalization;

namespace Koho.Checks.Io;

/// <summary>
/// A draft from its fields as they arrive (JSON lines, the HTTP API, command-line options): one place that
/// validates them and words the Japanese messages.
/// </summary>
public static class DraftFields
{
    public static bool TryCreate(string? text, string? platform, string? scheduledAt, string? mode, string? category,
        IReadOnlyList<string>? recent, out Draft? draft, out List<string> errors)
    {
        draft = null;
        errors = [];
        if (string.IsNullOrEmpty(text)) errors.Add("text（投稿の本文）がありません。");
        if (!TryEnum(mode, "mode", PostMode.Official, out var m, errors) | !TryEnum(category, "category", PostCategory.Normal, out var c, errors)) { }
        Platform? p = null;
        if (platform is not null)
        {
            if (TryParsePlatform(platform, out var parsed)) p = parsed;
            else errors.Add($"platform「{platform}」は使えません（x, facebook, instagram, line, mastodon, bluesky, youtube）。");
        }
        DateTimeOffset? at = null;
        if (scheduledAt is not null)
        {
            if (DateTimeOffset.TryParse(scheduledAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) at = parsed;
            else errors.Add($"scheduledAt「{scheduledAt}」は日時として読めません（例: 2026-12-09T10:00:00+09:00）。");
        }
        if (errors.Count > 0) return false;
        draft = new Draft(text!) { Mode = m, Category = c, Platform = p, ScheduledAt = at, Recent = recent ?? [] };
        return true;
    }

    public static bool TryParsePlatform(string value, out Platform platform) =>
        Enum.TryParse(value.Trim(), ignoreCase: true, out platform) && Enum.IsDefined(platform);

    private static bool TryEnum<T>(string? value, string name, T fallback, out T result, List<string> errors) where T : struct, Enum
    {
        result = fallback;
        if (value is null) return true;
        if (Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result)) return true;
        errors.Add($"{name}「{value}」は使えません（{string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}）。");
        return false;
    }
}
