using Koho.Web.Accounts;

namespace Koho.Web.Posts;

/// <summary>
/// What each platform accepts as images, checked when a post is sent for approval rather than discovered at
/// publishing time: Instagram needs one and takes JPEG only, Bluesky and LINE take at most 1 MB per image
/// (LINE: JPEG or PNG), X and Mastodon four images.
/// </summary>
public static class PlatformMedia
{
    public sealed record Image(string ContentType, int Bytes);

    public static IEnumerable<string> Problems(Platform platform, IReadOnlyList<Image> images)
    {
        var name = platform.Label();
        const int OneMb = 1024 * 1024;
        switch (platform)
        {
            case Platform.Instagram when images.Count == 0:
                yield return $"{name} には画像が1枚以上必要です。";
                break;
            case Platform.Instagram when images.Any(i => i.ContentType != "image/jpeg"):
                yield return $"{name} に投稿できる画像は JPEG だけです。";
                break;
            case Platform.Bluesky when images.Any(i => i.Bytes > OneMb):
                yield return $"{name} に投稿できる画像は1枚1MBまでです。";
                break;
            case Platform.Line when images.Any(i => i.Bytes > OneMb || i.ContentType is not ("image/jpeg" or "image/png")):
                yield return $"{name} で配信できる画像は JPEG か PNG で、1枚1MBまでです。";
                break;
        }
    }
}
