using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Mastodon (any instance): images via POST /api/v2/media (waiting while the server still processes them), then
/// POST /api/v1/statuses with <c>Idempotency-Key</c>. Mastodon keeps the key for an hour and answers a repeat with
/// the status it already created, so within that hour a lost answer or a 5xx is a safe Retry; later it is
/// Ambiguous and reconciled by reading the account's statuses.
/// </summary>
public sealed partial class MastodonConnector(HttpClient http, TimeProvider? time = null, PollOptions? options = null) : IPlatformConnector, IPlatformWatch
{
    /// <summary>Mastodon keeps idempotency keys one hour (from the first accepted request, which is after CreatedAt).</summary>
    internal static readonly TimeSpan SafeResendWindow = TimeSpan.FromMinutes(55);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly PollOptions _options = options ?? new PollOptions(TimeSpan.FromSeconds(1), 10);

    public Network Network => Network.Mastodon;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return missing!;
        if (request.Media.Count > 4) return new PublishResult.Failed("Mastodon に一度に添付できる画像は 4 枚までです。", null);

        var mediaIds = new JsonArray();
        foreach (var media in request.Media)
        {
            var (id, error) = await UploadAsync(c, token, media, ct).ConfigureAwait(false);
            if (error is not null) return error;
            mediaIds.Add(id);
        }

        var body = new JsonObject { ["status"] = request.Text, ["visibility"] = "public", ["language"] = "ja" };
        if (mediaIds.Count > 0) body["media_ids"] = mediaIds;
        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "api/v1/statuses", token);
        msg.Headers.Add("Idempotency-Key", request.IdempotencyKey.ToString("D"));
        msg.Content = PlatformHttp.Json(body);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var resendIsSafe = now - request.CreatedAt < SafeResendWindow;
        if (failure is not null)
        {
            if (!failure.MaybeSent) return new PublishResult.Retry(null, "Mastodon: " + failure.Reason);
            return resendIsSafe
                ? new PublishResult.Retry(null, "Mastodon: " + failure.Reason + "。Idempotency-Key により再送しても二重投稿になりません。")
                : new PublishResult.Ambiguous("Mastodon: " + failure.Reason + "。投稿されたか確認が必要です。");
        }

        var r = reply!;
        if (r.IsSuccess && PlatformHttp.Str(r.Json, "id") is { } statusId)
            return new PublishResult.Published(statusId, PlatformHttp.Str(r.Json, "url"));
        if (r.Status >= 500 && !resendIsSafe)
            return new PublishResult.Ambiguous($"Mastodon のサーバーエラーです（{r.Status}）。投稿されたか確認が必要です。");
        return Classify(c, r, now);
    }

    /// <summary>
    /// Reads the account's statuses newest first, 40 (Mastodon's most) a page, each next page with <c>max_id</c> =
    /// the oldest status seen (what the Link header's rel="next" says too), until a page is empty or ends with a
    /// status created before the window, or the post is found. A short page is not taken as the end: Mastodon may
    /// filter statuses out of a page after choosing it.
    /// </summary>
    public async Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out _)) return new FindResult.Unknown("Mastodon の接続設定に accessToken がありません");

        var wanted = PlatformHttp.NormaliseText(request.Text);
        var since = FindWindow.Start(request);
        string? maxId = null;
        var read = 0;
        for (var page = 1; page <= FindWindow.MaxPages; page++)
        {
            using var msg = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl,
                $"api/v1/accounts/{PlatformHttp.Q(c.AccountId)}/statuses?limit=40" + (maxId is null ? "" : "&max_id=" + PlatformHttp.Q(maxId)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return new FindResult.Unknown("Mastodon: " + failure.Reason);
            if (!reply!.IsSuccess)
                return new FindResult.Unknown(Redactor.Reason(c, $"Mastodon から投稿一覧を読めませんでした（HTTP {reply.Status}）", PlatformHttp.Str(reply.Json, "error")));
            if (reply.Json is not JsonArray statuses) return FindWindow.Unreadable("Mastodon");
            if (statuses.Count == 0) return new FindResult.NotFound();

            foreach (var status in statuses)
            {
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(status, "created_at"));
                if (created is null || created < since) continue;
                if (HtmlToText(PlatformHttp.Str(status, "content") ?? "") == wanted && PlatformHttp.Str(status, "id") is { } id)
                    return new FindResult.Found(id, PlatformHttp.Str(status, "url"));
            }
            read += statuses.Count;
            var oldest = statuses[^1];
            if (PlatformHttp.ParseTime(PlatformHttp.Str(oldest, "created_at")) < since) return new FindResult.NotFound();
            maxId = PlatformHttp.Str(oldest, "id");
            if (maxId is null) return FindWindow.Unreadable("Mastodon");
        }
        return FindWindow.TooManyPages("Mastodon", read);
    }

    public async Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct)
    {
        if (!Secrets.TryGet(connection, "accessToken", Network, out var token, out var missing)) return missing!;
        using var msg = PlatformHttp.Request(HttpMethod.Delete, connection.BaseUrl, "api/v1/statuses/" + PlatformHttp.Q(externalId), token);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return new PublishResult.Retry(null, "Mastodon: " + failure.Reason + "（削除は再実行しても安全です）");
        if (reply!.IsSuccess || reply.Status == 404) return new PublishResult.Published(externalId, null); // 404: already gone
        return Classify(connection, reply, _time.GetUtcNow());
    }

    private PublishResult Classify(Connection c, HttpReply r, DateTimeOffset now)
    {
        var error = PlatformHttp.Str(r.Json, "error");
        return r.Status switch
        {
            429 => new PublishResult.Retry(ResetAfter(r, now) ?? r.RetryAfter(now), "Mastodon: 呼び出し回数の上限に達しました"),
            401 => new PublishResult.Failed("Mastodon のアクセストークンが無効です。接続し直してください。", 401),
            403 => new PublishResult.Failed(Redactor.Reason(c, "Mastodon: 権限がありません（アカウントの停止やトークンのスコープを確認してください）", error), 403),
            >= 500 => new PublishResult.Retry(r.RetryAfter(now), $"Mastodon のサーバーエラーです（{r.Status}）"),
            _ => new PublishResult.Failed(Redactor.Reason(c, $"Mastodon が要求を拒否しました（HTTP {r.Status}）", error), r.Status),
        };
    }

    /// <summary>X-RateLimit-Reset is an ISO 8601 time on Mastodon.</summary>
    private static TimeSpan? ResetAfter(HttpReply r, DateTimeOffset now) =>
        PlatformHttp.ParseTime(r.Header("X-RateLimit-Reset")) is { } reset ? HttpReply.Clamp(reset - now) : null;

    /// <summary>Uploads one image and waits until Mastodon has processed it. Nothing is public yet, so failures are Retry.</summary>
    private async Task<(string? Id, PublishResult? Error)> UploadAsync(Connection c, string token, MediaItem media, CancellationToken ct)
    {
        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "api/v2/media", token);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(media.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(media.ContentType);
        form.Add(file, "file", "image" + Extension(media.ContentType));
        if (!string.IsNullOrWhiteSpace(media.AltText)) form.Add(new StringContent(media.AltText), "description");
        msg.Content = form;
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "Mastodon（画像のアップロード）: " + failure.Reason));
        if (!reply!.IsSuccess || PlatformHttp.Str(reply.Json, "id") is not { } id)
            return (null, Classify(c, reply, _time.GetUtcNow()));
        if (reply.Status == 200 && PlatformHttp.Str(reply.Json, "url") is not null) return (id, null);

        // 202 Accepted: still processing. GET /api/v1/media/:id answers 206 until it is ready.
        for (var poll = 1; poll <= _options.MaxPolls; poll++)
        {
            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
            using var check = PlatformHttp.Request(HttpMethod.Get, c.BaseUrl, "api/v1/media/" + PlatformHttp.Q(id), token);
            var (state, stateFailure) = await PlatformHttp.SendAsync(http, check, ct).ConfigureAwait(false);
            if (stateFailure is not null) return (null, new PublishResult.Retry(null, "Mastodon（画像の処理状況）: " + stateFailure.Reason));
            if (state!.Status == 200) return (id, null);
            if (state.Status != 206) return (null, Classify(c, state, _time.GetUtcNow()));
        }
        return (null, new PublishResult.Retry(_options.PollInterval, "Mastodon の画像処理が終わりませんでした。後でもう一度試します。"));
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        _ => ".jpg",
    };

    /// <summary>
    /// Statuses come back as HTML (paragraphs, &lt;br /&gt;, links split into spans): back to plain text for comparison.
    /// </summary>
    internal static string HtmlToText(string html)
    {
        var text = BreakTag().Replace(html, "\n");
        text = ParagraphBreak().Replace(text, "\n\n");
        text = AnyTag().Replace(text, "");
        return PlatformHttp.NormaliseText(WebUtility.HtmlDecode(text));
    }

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();

    [GeneratedRegex(@"</p>\s*<p[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();
}
