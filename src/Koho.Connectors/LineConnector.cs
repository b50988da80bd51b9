using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// LINE Messaging API broadcast to every friend of the official account: one text message plus up to four image
/// messages (LINE takes at most five per request).
/// <para>
/// Every attempt sends <c>X-Line-Retry-Key</c> = the post's idempotency key. LINE remembers an accepted key for
/// 24 hours and answers a repeat with 409 and the first request's id, so within that window a lost answer (timeout,
/// dropped connection, 5xx) is a safe <see cref="PublishResult.Retry"/>: the resend either broadcasts once or
/// reports the earlier broadcast. Past ~23 hours after <see cref="PublishRequest.CreatedAt"/> the key may have
/// expired and a resend could broadcast twice, so a lost answer is then Ambiguous — and since LINE cannot be read
/// back, a person has to check the Official Account Manager.
/// </para>
/// </summary>
public sealed partial class LineConnector(HttpClient http, TimeProvider? time = null) : IPlatformConnector, IPlatformWatch
{
    /// <summary>LINE keeps retry keys 24 hours; an hour of margin for clocks and slow attempts.</summary>
    internal static readonly TimeSpan SafeResendWindow = TimeSpan.FromHours(23);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Network Network => Network.Line;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "channelAccessToken", Network, out var token, out var missing)) return missing!;
        if (request.Media.Count > 4)
            return new PublishResult.Failed("LINE で一度に送れる画像は 4 枚までです（本文と合わせて 5 件）。", null);
        if (request.Media.Any(m => m.PublicUrl is null || m.PublicUrl.Scheme != Uri.UriSchemeHttps))
            return new PublishResult.Failed("LINE に画像を送るには、画像の公開 URL（https）が必要です。", null);

        var messages = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = request.Text } };
        foreach (var media in request.Media)
            messages.Add(new JsonObject
            {
                ["type"] = "image",
                ["originalContentUrl"] = media.PublicUrl!.AbsoluteUri,
                ["previewImageUrl"] = media.PublicUrl!.AbsoluteUri,
            });

        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "v2/bot/message/broadcast", token);
        msg.Headers.Add("X-Line-Retry-Key", request.IdempotencyKey.ToString("D"));
        msg.Content = PlatformHttp.Json(new JsonObject { ["messages"] = messages });
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var resendIsSafe = now - request.CreatedAt < SafeResendWindow;

        if (failure is not null)
        {
            if (!failure.MaybeSent) return new PublishResult.Retry(null, "LINE: " + failure.Reason);
            return resendIsSafe
                ? new PublishResult.Retry(null, "LINE: " + failure.Reason + "。再送キーがあるため、再送しても二重に配信されません。")
                : new PublishResult.Ambiguous("LINE: " + failure.Reason + "。再送キーの有効期間（24時間）を過ぎているため、配信されたか LINE Official Account Manager で確認してください。");
        }

        var r = reply!;
        if (r.IsSuccess) return new PublishResult.Published(r.Header("x-line-request-id") ?? request.IdempotencyKey.ToString("D"), null);
        var message = PlatformHttp.Str(r.Json, "message");
        switch (r.Status)
        {
            case 409 when r.Header("x-line-accepted-request-id") is { } accepted:
                // The same retry key was accepted before: that earlier request is the broadcast.
                return new PublishResult.Published(accepted, null);
            case 409:
                return new PublishResult.Failed(Redactor.Reason(c, "LINE が重複した要求と判断しましたが、受付済みの要求 ID が返されませんでした。配信状況を確認してください", message), 409);
            case 429 when message?.Contains("monthly limit", StringComparison.OrdinalIgnoreCase) == true:
                return new PublishResult.Failed("LINE の今月の配信数の上限に達しました。プランを確認してください。", 429);
            case 429:
                return new PublishResult.Retry(r.RetryAfter(now), "LINE: 呼び出し回数の上限に達しました");
            case 401:
                return new PublishResult.Failed("LINE のチャネルアクセストークンが無効か期限切れです。接続し直してください。", 401);
            case >= 500 when resendIsSafe:
                return new PublishResult.Retry(r.RetryAfter(now), $"LINE のサーバーエラーです（{r.Status}）。再送キーがあるため再送は安全です。");
            case >= 500:
                return new PublishResult.Ambiguous($"LINE のサーバーエラーです（{r.Status}）。再送キーの有効期間を過ぎているため、配信されたか確認してください。");
        }
        var details = (r.Json?["details"] as JsonArray)?.Select(d => $"{PlatformHttp.Str(d, "property")}: {PlatformHttp.Str(d, "message")}");
        var text = details is null ? message : message + " " + string.Join("; ", details);
        return new PublishResult.Failed(Redactor.Reason(c, $"LINE が要求を拒否しました（HTTP {r.Status}）", text), r.Status);
    }

    /// <summary>Broadcasts cannot be read back; the retry key makes a resend safe instead.</summary>
    public Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct) =>
        Task.FromResult<FindResult>(new FindResult.Unknown("LINE の配信は API で確認できません（再送キーにより再送は安全です）"));

    public Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct) =>
        Task.FromResult<PublishResult>(new PublishResult.Failed("LINE の配信は取り消せません", null));
}
