using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Facebook Page posts through the Graph API (<see cref="Connection.BaseUrl"/> includes the version, e.g.
/// https://graph.facebook.com/v21.0). Images are uploaded first as unpublished photos — by URL when they have a public
/// one, else as the file itself — (invisible, so any failure there is safe to retry) and attached to one feed post. The feed call has no idempotency key: a lost answer is
/// Ambiguous, and so is error 506 "duplicate status message" on a resend.
/// </summary>
public sealed partial class FacebookConnector(HttpClient http, TimeProvider? time = null) : IPlatformConnector, IPlatformWatch
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Network Network => Network.Facebook;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out var missing)) return missing!;
        var photoIds = new JsonArray();
        foreach (var media in request.Media)
        {
            using var photo = GraphApi.Request(HttpMethod.Post, c, PlatformHttp.Q(c.AccountId) + "/photos", token);
            var form = new MultipartFormDataContent { { new StringContent("false"), "published" } };
            if (media.PublicUrl is not null) form.Add(new StringContent(media.PublicUrl.AbsoluteUri), "url");
            else
            {
                var file = new ByteArrayContent(media.Content);
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(media.ContentType);
                form.Add(file, "source", "image");
            }
            if (!string.IsNullOrWhiteSpace(media.AltText)) form.Add(new StringContent(media.AltText), "alt_text_custom");
            photo.Content = form;
            var (photoReply, photoFailure) = await PlatformHttp.SendAsync(http, photo, ct).ConfigureAwait(false);
            // An unpublished photo is not a post: whatever happened to it, trying again cannot publish twice.
            if (photoFailure is not null) return new PublishResult.Retry(null, "Facebook（画像のアップロード）: " + photoFailure.Reason);
            if (!photoReply!.IsSuccess || PlatformHttp.Str(photoReply.Json, "id") is not { } photoId)
                return Downgrade(GraphApi.Classify(Network, c, photoReply, _time.GetUtcNow(), publishing: false));
            photoIds.Add(new JsonObject { ["media_fbid"] = photoId });
        }

        var fields = new List<KeyValuePair<string, string>> { new("message", request.Text) };
        if (photoIds.Count > 0) fields.Add(new("attached_media", photoIds.ToJsonString()));
        using var msg = GraphApi.Request(HttpMethod.Post, c, PlatformHttp.Q(c.AccountId) + "/feed", token, fields);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null)
            return failure.MaybeSent
                ? new PublishResult.Ambiguous("Facebook: " + failure.Reason + "。投稿されたか確認が必要です。")
                : new PublishResult.Retry(null, "Facebook: " + failure.Reason);
        if (reply!.IsSuccess && PlatformHttp.Str(reply.Json, "id") is { } id)
            return new PublishResult.Published(id, PostUrl(id));
        return GraphApi.Classify(Network, c, reply, _time.GetUtcNow(), publishing: true);
    }

    /// <summary>
    /// Reads the page's published posts newest first, 100 a page, following the <c>after</c> cursor while Graph gives
    /// a <c>paging.next</c>, until a page ends with a post created before the window (the edge's parameters have no
    /// <c>since</c>, so the window is judged by created_time), the list ends, or the post is found.
    /// </summary>
    public async Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (!Secrets.TryGet(c, "accessToken", Network, out var token, out _)) return new FindResult.Unknown("Facebook の接続設定に accessToken がありません");
        var wanted = PlatformHttp.NormaliseText(request.Text);
        var since = FindWindow.Start(request);
        return await GraphApi.FindInTimelineAsync(http, c, token, "Facebook",
            PlatformHttp.Q(c.AccountId) + "/published_posts?fields=id,message,created_time&limit=100",
            post =>
            {
                var created = PlatformHttp.ParseTime(PlatformHttp.Str(post, "created_time"));
                var id = PlatformHttp.Str(post, "id");
                var same = created >= since && id is not null && PlatformHttp.NormaliseText(PlatformHttp.Str(post, "message") ?? "") == wanted;
                return (created, same ? new FindResult.Found(id!, PostUrl(id!)) : null);
            }, since, ct).ConfigureAwait(false);
    }

    public async Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct)
    {
        if (!Secrets.TryGet(connection, "accessToken", Network, out var token, out var missing)) return missing!;
        using var msg = GraphApi.Request(HttpMethod.Delete, connection, PlatformHttp.Q(externalId), token);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return new PublishResult.Retry(null, "Facebook: " + failure.Reason + "（削除は再実行しても安全です）");
        if (reply!.IsSuccess) return new PublishResult.Published(externalId, null);
        return GraphApi.Classify(Network, connection, reply, _time.GetUtcNow(), publishing: false);
    }

    /// <summary>A page post id is "{page-id}_{post-id}".</summary>
    private static string PostUrl(string id)
    {
        var i = id.IndexOf('_');
        return i > 0
            ? $"https://www.facebook.com/{Uri.EscapeDataString(id[..i])}/posts/{Uri.EscapeDataString(id[(i + 1)..])}"
            : "https://www.facebook.com/" + Uri.EscapeDataString(id);
    }

    /// <summary>Before the post itself nothing public exists, so "maybe published" cannot apply.</summary>
    internal static PublishResult Downgrade(PublishResult r) => r is PublishResult.Ambiguous a ? new PublishResult.Retry(null, a.Reason) : r;
}
