using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Koho.FakePlatforms.Platforms;

/// <summary>
/// Reading the stored posts as a platform's timeline: newest first, in pages, with opaque cursors (X pagination
/// tokens, Graph API <c>after</c>/<c>before</c> cursors). A cursor names one post by its time and its place in the
/// store, so it stays valid while posts are added or deleted, as a platform's does: the next page starts right after
/// that post whatever happened since.
/// </summary>
internal static class Paging
{
    /// <summary>A stored post and its place in <see cref="PostStore.All"/> (which only grows, so the place is stable).</summary>
    public readonly record struct Entry(FakePost Post, int Index);

    /// <summary>Where a cursor points: a post's time (ticks) and place in the store.</summary>
    public readonly record struct Key(long Ticks, int Index);

    /// <summary>Posts still up, newest first (by time, then by order of publication).</summary>
    public static List<Entry> NewestFirst(PostStore store) =>
    [
        .. store.All.Select((p, i) => new Entry(p, i))
            .Where(e => !e.Post.Deleted)
            .OrderByDescending(e => e.Post.At.UtcTicks)
            .ThenByDescending(e => e.Index),
    ];

    public static Key KeyOf(Entry e) => new(e.Post.At.UtcTicks, e.Index);

    /// <summary>Whether <paramref name="e"/> comes after (is older than) the post <paramref name="key"/> names.</summary>
    public static bool IsOlder(Entry e, Key key) =>
        e.Post.At.UtcTicks < key.Ticks || (e.Post.At.UtcTicks == key.Ticks && e.Index < key.Index);

    public static bool IsNewer(Entry e, Key key) =>
        e.Post.At.UtcTicks > key.Ticks || (e.Post.At.UtcTicks == key.Ticks && e.Index > key.Index);

    /// <param name="kind">Which endpoint the cursor belongs to: a cursor from another one is refused.</param>
    public static string Cursor(string kind, Entry e) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{e.Post.At.UtcTicks}:{e.Index}")));

    /// <summary>Reads a cursor this fake issued for <paramref name="kind"/>; false for anything else (forged, mangled, another endpoint's, or from before a reset).</summary>
    public static bool TryRead(string kind, string? cursor, PostStore store, out Key key)
    {
        key = default;
        if (string.IsNullOrEmpty(cursor)) return false;
        string text;
        try { text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)); }
        catch (FormatException) { return false; }
        var parts = text.Split(':');
        if (parts.Length != 3 || parts[0] != kind
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return false;
        var all = store.All;
        if (index >= all.Count || all[index].At.UtcTicks != ticks) return false;
        key = new Key(ticks, index);
        return true;
    }

    /// <summary>
    /// A cursor into a result list that is recomputed on each request (account searches): the offset of the next
    /// result, bound to the query it was issued for.
    /// </summary>
    public static string OffsetCursor(string kind, string query, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{offset}:{QueryHash(query)}")));

    /// <summary>Reads an <see cref="OffsetCursor"/> issued for <paramref name="kind"/> and this very query; false for anything else.</summary>
    public static bool TryReadOffset(string kind, string query, string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor)) return false;
        string text;
        try { text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)); }
        catch (FormatException) { return false; }
        var parts = text.Split(':');
        return parts.Length == 3 && parts[0] == kind && parts[2] == QueryHash(query)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    private static string QueryHash(string query) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..16];
}
