using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>How long a connector waits for a platform to finish processing an upload (Instagram containers, Mastodon media).</summary>
/// <param name="PollInterval">Wait between status checks (images usually finish within seconds).</param>
/// <param name="MaxPolls">Status checks before giving up with Retry: an unfinished upload is not a post, so nothing is lost.</param>
public sealed record PollOptions(TimeSpan PollInterval, int MaxPolls)
{
    public static PollOptions Default { get; } = new(TimeSpan.FromSeconds(3), 10);
}

/// <summary>
/// Instagram content publishing (Graph API, Facebook Login): create a container from a public image URL (a
/// carousel for 2–10 images), wait until its status_code is FINISHED, then media_publish. Only media_publish makes
/// a post, so only a lost answer to it is Ambiguous; every earlier failure is a safe Retry.
/// </summary>
public sealed partial class InstagramConnector(HttpClient http, TimeProvider? time = null, PollOptions? options = null) : IPlatformConnector, IPlatformWatch
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly PollOptions _options = options ?? PollOptions.Default;

    public Network Network => Network.Instagram;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return missing!;
        if (request.Media.Count == 0)
            return new PublishResult.Failed("Instagram には画像が必要です。画像を添付してください。", null);
        if (request.Media.Count > 10)
            return new PublishResult.Failed("Instagram に一度に投稿できる画像は 10 枚までです。", null);
        if (request.Media.Any(m => m.PublicUrl is null))
            return new PublishResult.Failed("Instagram に投稿するには、画像の公開 URL が必要です。", null);

        string containerId;
        if (request.Media.Count == 1)
        {
            var (id, error) = await CreateContainerAsync(c, token, ImageFields(request.Media[0], carouselItem: false, request.Text), ct).ConfigureAwait(false);
            if (error is not null) return error;
            containerId = id!;
        }
        else
        {
            var children = new List<string>();
            foreach (var media in request.Media)
            {
                var (childId, childError) = await CreateContainerAsync(c, token, ImageFields(media, carouselItem: true, caption: null), ct).ConfigureAwait(false);
                if (childError is not null) return childError;
                children.Add(childId!);
            }
            var (id, error) = await CreateContainerAsync(c, token,
                [new("media_type", "CAROUSEL"), new("children", string.Join(',', children)), new("caption", request.Text)], ct).ConfigureAwait(false);
            if (error is not null) return error;
            containerId = id!;
        }

        var notReady = await WaitUntilFinishedAsync(c, token, containerId, ct).ConfigureAwait(false);
        if (notReady is not null) return notReady;

        using var publish = GraphApi.Request(HttpMethod.Post, c, PlatformHttp.Q(c.AccountId) + "/media_publish", token,
            [new("creation_id", containerId)]);
        var (reply, failure) = await PlatformHttp.SendAsync(http, publish, ct).ConfigureAwait(false);
        if (failure is not null)
            return failure.MaybeSent
                ? new PublishResult.Ambiguous("Instagram: " + failure.Reason + "。投稿されたか確認が必要です。")
                : new PublishResult.Retry(null, "Instagram: " + failure.Reason);
        if (!reply!.IsSuccess || PlatformHttp.Str(reply.Json, "id") is not { } mediaId)
            return GraphApi.Classify(Network, c, reply, _time.GetUtcNow(), publishing: true);
        return new PublishResult.Published(mediaId, await PermalinkAsync(c, token, mediaId, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads the account's media from five minutes before the first attempt on (<c>since</c>), newest first, 50 a
    /// page, following the <c>after</c> cursor while Graph gives a <c>paging.next</c>, until the list ends, a page
    /// ends before the window, or the post is found.
    /// </summary>
    public async Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out _)) return new FindResult.Unknown("Instagram の接続設定に accessToken がありません");
        var wanted = PlatformHttp.NormaliseText(request.Text);
        var since = FindWindow.Start(request);
        return await GraphApi.FindInTimelineAsync(http, c, token, "Instagram",
            PlatformHttp.Q(c.AccountId) + "/media?fields=id,caption,timestamp,permalink&limit=50&since=" + FindWindow.UnixSeconds(FindWindow.WholeSecondBefore(since)),
            media =>
            {
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(media, "timestamp"));
                var id = PlatformHttp.Str(media, "id");
                var same = created >= since && id is not null && PlatformHttp.NormaliseText(PlatformHttp.Str(media, "caption") ?? "") == wanted;
                return (created, same ? new FindResult.Found(id!, PlatformHttp.Str(media, "permalink")) : null);
            }, since, ct).ConfigureAwait(false);
    }

    public async Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct)
    {
        if (!Secrets.TryGet(connection, "accessToken", Network, out var token, out var missing)) return missing!;
        using var msg = GraphApi.Request(HttpMethod.Delete, connection, PlatformHttp.Q(externalId), token);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return new PublishResult.Retry(null, "Instagram: " + failure.Reason + "（削除は再実行しても安全です）");
        if (reply!.IsSuccess) return new PublishResult.Published(externalId, null);
        return GraphApi.Classify(Network, connection, reply, _time.GetUtcNow(), publishing: false);
    }

    private static List<KeyValuePair<string, string>> ImageFields(MediaItem media, bool carouselItem, string? caption)
    {
        var fields = new List<KeyValuePair<string, string>> { new("image_url", media.PublicUrl!.AbsoluteUri) };
        if (carouselItem) fields.Add(new("is_carousel_item", "true"));
        if (caption is not null) fields.Add(new("caption", caption));
        if (!string.IsNullOrWhiteSpace(media.AltText)) fields.Add(new("alt_text", media.AltText));
        return fields;
    }

    private async Task<(string? Id, PublishResult? Error)> CreateContainerAsync(Connection c, string token, List<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        using var msg = GraphApi.Request(HttpMethod.Post, c, PlatformHttp.Q(c.AccountId) + "/media", token, fields);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "Instagram（コンテナの作成）: " + failure.Reason));
        if (reply!.IsSuccess && PlatformHttp.Str(reply.Json, "id") is { } id) return (id, null);
        return (null, FacebookConnector.Downgrade(GraphApi.Classify(Network, c, reply, _time.GetUtcNow(), publishing: false)));
    }

    /// <summary>Null when FINISHED; otherwise the result to return (ERROR/EXPIRED: Failed; still in progress: Retry).</summary>
    private async Task<PublishResult?> WaitUntilFinishedAsync(Connection c, string token, string containerId, CancellationToken ct)
    {
        for (var poll = 1; ; poll++)
        {
            using var msg = GraphApi.Request(HttpMethod.Get, c, PlatformHttp.Q(containerId) + "?fields=status_code,status", token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return new PublishResult.Retry(null, "Instagram（処理状況の確認）: " + failure.Reason);
            if (!reply!.IsSuccess) return FacebookConnector.Downgrade(GraphApi.Classify(Network, c, reply, _time.GetUtcNow(), publishing: false));

            switch (PlatformHttp.Str(reply.Json, "status_code"))
            {
                case "FINISHED":
                    return null;
                case "ERROR":
                    return new PublishResult.Failed(Redactor.Reason(c, "Instagram が画像を処理できませんでした。画像の形式・サイズ・縦横比を確認してください", PlatformHttp.Str(reply.Json, "status")), reply.Status);
                case "EXPIRED":
                    return new PublishResult.Failed("Instagram の投稿準備が期限切れになりました。もう一度投稿してください。", reply.Status);
                case "PUBLISHED":
                    return new PublishResult.Failed("Instagram の投稿準備が既に使われています。", reply.Status);
            }
            if (poll >= _options.MaxPolls)
                return new PublishResult.Retry(_options.PollInterval, "Instagram の画像処理が終わりませんでした。後でもう一度試します。");
            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The post's public URL; publishing already succeeded, so a failure here only loses the URL.</summary>
    private async Task<string?> PermalinkAsync(Connection c, string token, string mediaId, CancellationToken ct)
    {
        using var msg = GraphApi.Request(HttpMethod.Get, c, PlatformHttp.Q(mediaId) + "?fields=permalink", token);
        var (reply, _) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        return reply is { IsSuccess: true } ? PlatformHttp.Str(reply.Json, "permalink") : null;
    }
}
