using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// X API v2: images (up to four) are uploaded with POST /2/media/upload and described with POST /2/media/metadata
/// (alt text), then attached to POST /2/tweets. Uploaded media is not a post, so failures before the tweet are Retry.
/// X has no idempotency key, so anything that may have reached X (timeout, dropped connection, a 403 "duplicate
/// content" on a resend) is Ambiguous and reconciled with <see cref="FindAsync"/>.
/// </summary>
public sealed partial class XConnector(HttpClient http, TimeProvider? time = null) : IPlatformConnector, IPlatformWatch
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Network Network => Network.X;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "bearerToken", Network, out var token, out var missing)) return missing!;
        if (request.Media.Count > 4) return new PublishResult.Failed("X に一度に添付できる画像は 4 枚までです。", null);

        var mediaIds = new JsonArray();
        foreach (var media in request.Media)
        {
            var (mediaId, error) = await UploadAsync(c, token, media, ct).ConfigureAwait(false);
            if (error is not null) return error;
            mediaIds.Add(mediaId);
        }

        var body = new JsonObject { ["text"] = request.Text };
        if (mediaIds.Count > 0) body["media"] = new JsonObject { ["media_ids"] = mediaIds };
        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "2/tweets", token);
        msg.Content = PlatformHttp.Json(body);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null)
            return failure.MaybeSent
                ? new PublishResult.Ambiguous("X: " + failure.Reason + "。投稿されたか確認が必要です。")
                : new PublishResult.Retry(null, "X: " + failure.Reason);

        if (reply!.IsSuccess && PlatformHttp.Str(reply.Json?["data"], "id") is { } id)
            return new PublishResult.Published(id, StatusUrl(id));
        return Classify(c, reply, publishing: true);
    }

    /// <summary>X serves only an account's most recent 3,200 posts through its timeline, however it is paged.</summary>
    internal const int TimelineDepth = 3200;

    /// <summary>
    /// Reads the account's timeline from five minutes before the first attempt on (<c>start_time</c>), 100 posts a
    /// page, following <c>meta.next_token</c> until X gives none (the window is read) or the post is found.
    /// </summary>
    public async Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "bearerToken", Network, out var token, out _)) return new FindResult.Unknown("X の接続設定に bearerToken がありません");

        var wanted = Comparable(request.Text);
        var since = FindWindow.Start(request);
        var startTime = FindWindow.WholeSecondBefore(since).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string? next = null;
        var read = 0;
        for (var page = 1; page <= FindWindow.MaxPages; page++)
        {
            var query = $"max_results=100&tweet.fields=created_at&start_time={PlatformHttp.Q(startTime)}"
                        + (next is null ? "" : "&pagination_token=" + PlatformHttp.Q(next));
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl, $"2/users/{PlatformHttp.Q(c.AccountId)}/tweets?{query}", token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return new FindResult.Unknown("X: " + failure.Reason);
            if (!reply!.IsSuccess) return new FindResult.Unknown(ReasonOf(c, reply));
            if (reply.Json is not JsonObject body) return FindWindow.Unreadable("X");

            var tweets = body["data"] as JsonArray ?? []; // X leaves "data" out of an empty page
            foreach (var tweet in tweets)
            {
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(tweet, "created_at"));
                if (created is null || created < since) continue;
                if (Comparable(PlatformHttp.Str(tweet, "text") ?? "") == wanted && PlatformHttp.Str(tweet, "id") is { } id)
                    return new FindResult.Found(id, StatusUrl(id));
            }
            read += tweets.Count;
            // Newest first: once a page ends before the window, nothing older can match.
            if (tweets.Count > 0 && PlatformHttp.ParseTime(PlatformHttp.Str(tweets[^1], "created_at")) < since) return new FindResult.NotFound();
            next = PlatformHttp.Str(body["meta"], "next_token");
            if (next is null)
                return read >= TimelineDepth
                    ? new FindResult.Unknown($"X: 最初の試行の 5 分前以降の投稿が、X が読み返せる直近 {TimelineDepth} 件を超えているため確認しきれませんでした。X で投稿されているか確かめてください。")
                    : new FindResult.NotFound();
        }
        return FindWindow.TooManyPages("X", read);
    }

    public async Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct)
    {
        if (!Secrets.TryGet(connection, "bearerToken", Network, out var token, out var missing)) return missing!;
        using var msg = PlatformHttp.Request(HttpMethod.Delete, connection.BaseUrl, "2/tweets/" + PlatformHttp.Q(externalId), token);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return new PublishResult.Retry(null, "X: " + failure.Reason + "（削除は再実行しても安全です）");
        if (reply!.IsSuccess)
            return reply.Json?["data"]?["deleted"]?.GetValue<bool>() == false
                ? new PublishResult.Failed("X が削除を受け付けませんでした", reply.Status)
                : new PublishResult.Published(externalId, null);
        if (reply.Status == (int)HttpStatusCode.NotFound) return new PublishResult.Published(externalId, null); // already gone
        return Classify(connection, reply, publishing: false);
    }

    /// <summary>Uploads one image and sets its alt text. Nothing here is public: failures are Retry or Failed, never Ambiguous.</summary>
    private async Task<(string? Id, PublishResult? Error)> UploadAsync(Connection c, string token, MediaItem media, CancellationToken ct)
    {
        using var upload = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "2/media/upload", token);
        var file = new ByteArrayContent(media.Content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(media.ContentType);
        upload.Content = new MultipartFormDataContent { { file, "media", "image" }, { new StringContent("tweet_image"), "media_category" } };
        var (reply, failure) = await PlatformHttp.SendAsync(http, upload, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "X（画像のアップロード）: " + failure.Reason));
        if (!reply!.IsSuccess || PlatformHttp.Str(reply.Json?["data"], "id") is not { } id)
            return (null, Classify(c, reply, publishing: false));
        if (string.IsNullOrWhiteSpace(media.AltText)) return (id, null);

        using var metadata = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "2/media/metadata", token);
        metadata.Content = PlatformHttp.Json(new JsonObject
        {
            ["id"] = id,
            ["metadata"] = new JsonObject { ["alt_text"] = new JsonObject { ["text"] = media.AltText } },
        });
        (reply, failure) = await PlatformHttp.SendAsync(http, metadata, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "X（代替テキストの設定）: " + failure.Reason));
        return reply!.IsSuccess ? (id, null) : (null, Classify(c, reply, publishing: false));
    }

    private PublishResult Classify(Connection c, HttpReply reply, bool publishing)
    {
        var now = _time.GetUtcNow();
        switch (reply.Status)
        {
            case 429:
                return new PublishResult.Retry(
                    PlatformHttp.FromEpochSeconds(reply.Header("x-rate-limit-reset"), now) ?? reply.RetryAfter(now),
                    "X: 投稿数の上限（レート制限）に達しました");
            case 401:
                return new PublishResult.Failed("X の認証に失敗しました。トークンが無効か期限切れです。接続し直してください。", 401);
            case 403 when publishing && IsDuplicate(reply):
                // An earlier attempt whose answer we lost most likely published it: reconcile, don't resend.
                return new PublishResult.Ambiguous("X: 同じ内容の投稿が既にあると拒否されました。以前の試行で投稿済みの可能性があります。");
            // A gateway's 5xx can come after the post was made: with no idempotency key, read back before resending.
            case >= 500 when publishing:
                return new PublishResult.Ambiguous($"X のサーバーエラーです（{reply.Status}）。投稿されたか確認が必要です。");
            case >= 500:
                return new PublishResult.Retry(reply.RetryAfter(now), $"X のサーバーエラーです（{reply.Status}）");
            default:
                return new PublishResult.Failed(ReasonOf(c, reply), reply.Status);
        }
    }

    private static bool IsDuplicate(HttpReply reply) =>
        reply.Body.Contains("duplicate content", StringComparison.OrdinalIgnoreCase);

    private static string ReasonOf(Connection c, HttpReply reply)
    {
        var json = reply.Json;
        var detail = PlatformHttp.Str(json, "detail")
                     ?? PlatformHttp.Str((json?["errors"] as JsonArray)?.FirstOrDefault(), "message")
                     ?? PlatformHttp.Str(json, "title");
        return Redactor.Reason(c, $"X が要求を拒否しました（HTTP {reply.Status}）", detail);
    }

    private static string StatusUrl(string id) => "https://x.com/i/web/status/" + Uri.EscapeDataString(id);

    /// <summary>
    /// X returns text with &amp;, &lt;, &gt; escaped and every link rewritten to t.co, so both sides are compared
    /// with entities decoded and links reduced to a placeholder.
    /// </summary>
    internal static string Comparable(string text) =>
        UrlPattern().Replace(WebUtility.HtmlDecode(PlatformHttp.NormaliseText(text)), "\u0000URL\u0000");

    [GeneratedRegex(@"https?://[\x21-\x7E]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
