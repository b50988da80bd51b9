using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Koho.Connectors.Internal;

namespace Koho.Connectors;

/// <summary>
/// Bluesky (AT Protocol PDS). Images (up to four, 1 MB each) are uploaded as blobs and embedded with their alt text
/// (app.bsky.embed.images); link facets mark URLs by UTF-8 byte range. Signs in with an app password once per account and reuses the session (refreshing it when it
/// expires); createSession is rate-limited far more tightly than posting.
/// <para>
/// Every attempt writes the same record key (a TID derived from the idempotency key and CreatedAt), so a resend can
/// never create a second post: a lost answer or a 5xx is a safe Retry. When the key already exists the record is
/// read back (getRecord) and, if it holds this text, the post counts as published. (The reference PDS answers a
/// duplicate key with a 500, not a declared error, so 5xx answers are checked the same way.)
/// </para>
/// </summary>
public sealed partial class BlueskyConnector(HttpClient http, TimeProvider? time = null) : IPlatformConnector, IPlatformWatch
{
    private const string Collection = "app.bsky.feed.post";
    private const int MaxImageBytes = 1_000_000; // app.bsky.embed.images#image: maxSize


    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Session> _sessions = new();

    private sealed record Session(string AccessJwt, string RefreshJwt, string Did, string Handle);

    public Network Network => Network.Bluesky;

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        if (request.Media.Count > 4) return new PublishResult.Failed("Bluesky に一度に添付できる画像は 4 枚までです。", null);
        if (request.Media.Any(m => m.Content.Length > MaxImageBytes))
            return new PublishResult.Failed("Bluesky に添付できる画像は 1 枚 1MB（1,000,000 バイト）までです。画像を縮小してください。", null);

        var rkey = Tid.ForPost(request.IdempotencyKey, request.CreatedAt);
        var record = new JsonObject
        {
            ["$type"] = Collection,
            ["text"] = request.Text,
            ["createdAt"] = request.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["langs"] = new JsonArray("ja"),
        };
        var facets = Facets.Links(request.Text);
        if (facets.Count > 0) record["facets"] = facets;
        if (request.Media.Count > 0)
        {
            var images = new JsonArray();
            foreach (var media in request.Media)
            {
                var (blob, uploadError) = await UploadBlobAsync(c, media, ct).ConfigureAwait(false);
                if (uploadError is not null) return uploadError;
                images.Add(new JsonObject { ["alt"] = media.AltText ?? "", ["image"] = blob });
            }
            record["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.images", ["images"] = images };
        }

        var (reply, failure, session, error) = await SendAuthenticatedAsync(c, s =>
        {
            var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "xrpc/com.atproto.repo.createRecord", s.AccessJwt);
            msg.Content = PlatformHttp.Json(new JsonObject
            {
                ["repo"] = s.Did,
                ["collection"] = Collection,
                ["rkey"] = rkey,
                ["record"] = record.DeepClone(),
            });
            return msg;
        }, ct).ConfigureAwait(false);
        if (error is not null) return error;
        if (failure is not null)
            return failure.MaybeSent
                ? new PublishResult.Retry(null, "Bluesky: " + failure.Reason + "。同じレコードキーで再送するため、二重投稿にはなりません。")
                : new PublishResult.Retry(null, "Bluesky: " + failure.Reason);

        var r = reply!;
        var now = _time.GetUtcNow();
        if (r.IsSuccess) return new PublishResult.Published(PlatformHttp.Str(r.Json, "uri") ?? AtUri(session!.Did, rkey), PostUrl(session!.Handle, rkey));
        if (r.Status == 429)
            return new PublishResult.Retry(PlatformHttp.FromEpochSeconds(r.Header("ratelimit-reset"), now) ?? r.RetryAfter(now), "Bluesky: 呼び出し回数の上限に達しました");

        var xrpcError = PlatformHttp.Str(r.Json, "error");
        var message = PlatformHttp.Str(r.Json, "message");
        var keyTaken = r.Status == 409 || xrpcError is "InvalidSwap" or "RecordAlreadyExists"
                       || message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true;
        if (keyTaken || r.Status >= 500)
        {
            // Did an earlier attempt already write this record?
            var existing = await GetRecordAsync(c.BaseUrl, session!.Did, rkey, request.Text, ct).ConfigureAwait(false);
            switch (existing)
            {
                case Existing.Same same:
                    return new PublishResult.Published(same.Uri, PostUrl(session.Handle, rkey));
                case Existing.Different:
                    return new PublishResult.Failed("Bluesky: 同じレコードキーに別の内容の投稿があります。投稿内容を確認してください。", r.Status);
                case Existing.Absent when r.Status >= 500:
                    return new PublishResult.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（{r.Status}）");
                case Existing.Absent:
                    return new PublishResult.Failed(Redactor.Reason(c, "Bluesky が投稿を拒否しました", message ?? xrpcError), r.Status);
                default:
                    return r.Status >= 500
                        ? new PublishResult.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（{r.Status}）")
                        : new PublishResult.Ambiguous("Bluesky: レコードキーが使用済みと言われましたが、確認できませんでした。");
            }
        }
        return new PublishResult.Failed(Redactor.Reason(c, $"Bluesky が投稿を拒否しました（HTTP {r.Status}）", xrpcError is null ? message : xrpcError + ": " + message), r.Status);
    }

    public async Task<FindResult> FindAsync(PublishRequest request, CancellationToken ct)
    {
        var c = request.Connection;
        var rkey = Tid.ForPost(request.IdempotencyKey, request.CreatedAt);
        // getRecord needs no sign-in; the cached session's DID is preferred because handles can change.
        var repo = _sessions.TryGetValue(SessionKey(c), out var s) ? s.Did : c.AccountId;
        var existing = await GetRecordAsync(c.BaseUrl, repo, rkey, request.Text, ct).ConfigureAwait(false);
        return existing switch
        {
            Existing.Same same => new FindResult.Found(same.Uri, PostUrl(s?.Handle ?? c.AccountId, rkey)),
            Existing.Absent => new FindResult.NotFound(),
            Existing.Different => new FindResult.Unknown("Bluesky: 同じレコードキーに別の内容の投稿があります"),
            Existing.Unreadable u => new FindResult.Unknown(u.Reason),
            _ => new FindResult.Unknown("Bluesky: 確認できませんでした"),
        };
    }

    public async Task<PublishResult> DeleteAsync(Connection connection, string externalId, CancellationToken ct)
    {
        // externalId is the post's at:// URI (at://did/app.bsky.feed.post/rkey); a bare rkey means this account's.
        var parts = externalId.StartsWith("at://", StringComparison.Ordinal) ? externalId[5..].Split('/') : null;
        var (reply, failure, _, error) = await SendAuthenticatedAsync(connection, s =>
        {
            var msg = PlatformHttp.Request(HttpMethod.Post, connection.BaseUrl, "xrpc/com.atproto.repo.deleteRecord", s.AccessJwt);
            msg.Content = PlatformHttp.Json(new JsonObject
            {
                ["repo"] = parts is { Length: 3 } ? parts[0] : s.Did,
                ["collection"] = parts is { Length: 3 } ? parts[1] : Collection,
                ["rkey"] = parts is { Length: 3 } ? parts[2] : externalId,
            });
            return msg;
        }, ct).ConfigureAwait(false);
        if (error is not null) return error;
        if (failure is not null) return new PublishResult.Retry(null, "Bluesky: " + failure.Reason + "（削除は再実行しても安全です）");
        var r = reply!;
        var now = _time.GetUtcNow();
        if (r.IsSuccess) return new PublishResult.Published(externalId, null);
        if (r.Status == 429) return new PublishResult.Retry(PlatformHttp.FromEpochSeconds(r.Header("ratelimit-reset"), now), "Bluesky: 呼び出し回数の上限に達しました");
        if (r.Status >= 500) return new PublishResult.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（{r.Status}）");
        return new PublishResult.Failed(Redactor.Reason(connection, $"Bluesky が削除を拒否しました（HTTP {r.Status}）", PlatformHttp.Str(r.Json, "message")), r.Status);
    }

    /// <summary>Uploads one image as a blob. An unreferenced blob is not a post (the PDS discards it), so failures are Retry or Failed.</summary>
    private async Task<(JsonNode? Blob, PublishResult? Error)> UploadBlobAsync(Connection c, MediaItem media, CancellationToken ct)
    {
        var (reply, failure, _, error) = await SendAuthenticatedAsync(c, s =>
        {
            var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "xrpc/com.atproto.repo.uploadBlob", s.AccessJwt);
            msg.Content = new ByteArrayContent(media.Content);
            msg.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(media.ContentType);
            return msg;
        }, ct).ConfigureAwait(false);
        if (error is not null) return (null, error);
        if (failure is not null) return (null, new PublishResult.Retry(null, "Bluesky（画像のアップロード）: " + failure.Reason));
        var r = reply!;
        var now = _time.GetUtcNow();
        if (r.IsSuccess && r.Json?["blob"] is JsonObject blob) return (blob.DeepClone(), null);
        PublishResult result = r.Status switch
        {
            429 => new PublishResult.Retry(PlatformHttp.FromEpochSeconds(r.Header("ratelimit-reset"), now) ?? r.RetryAfter(now), "Bluesky: 呼び出し回数の上限に達しました"),
            >= 500 => new PublishResult.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（画像のアップロード, {r.Status}）"),
            _ => new PublishResult.Failed(Redactor.Reason(c, $"Bluesky が画像を受け付けませんでした（HTTP {r.Status}）", PlatformHttp.Str(r.Json, "message")), r.Status),
        };
        return (null, result);
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    private static string SessionKey(Connection c) =>
        c.BaseUrl.AbsoluteUri + "\n" + (c.Secrets.TryGetValue("identifier", out var id) ? id : c.AccountId);

    /// <summary>
    /// Sends with the cached session; on an expired or rejected token refreshes (or signs in again) and sends once
    /// more. A rejected token means the request was not acted on, so the second send is safe.
    /// </summary>
    private async Task<(HttpReply? Reply, TransportFailure? Failure, Session? Session, PublishResult? Error)> SendAuthenticatedAsync(
        Connection c, Func<Session, HttpRequestMessage> build, CancellationToken ct)
    {
        var key = SessionKey(c);
        var (session, error) = _sessions.TryGetValue(key, out var cached) ? (cached, null) : await CreateSessionAsync(c, ct).ConfigureAwait(false);
        if (error is not null) return (null, null, null, error);

        for (var attempt = 0; ; attempt++)
        {
            using var msg = build(session!);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null || attempt > 0 || !TokenRejected(reply!)) return (reply, failure, session, null);

            _sessions.TryRemove(key, out _);
            (session, error) = await RefreshSessionAsync(c, session!, ct).ConfigureAwait(false);
            if (session is null) (session, error) = await CreateSessionAsync(c, ct).ConfigureAwait(false);
            if (error is not null) return (null, null, null, error);
        }
    }

    private static bool TokenRejected(HttpReply r) =>
        r.Status == 401 || r.Status == 400 && PlatformHttp.Str(r.Json, "error") is "ExpiredToken" or "InvalidToken";

    private async Task<(Session? Session, PublishResult? Error)> CreateSessionAsync(Connection c, CancellationToken ct)
    {
        if (!Secrets.TryGet(c, "identifier", Network, out var identifier, out var missing)) return (null, missing);
        if (!Secrets.TryGet(c, "appPassword", Network, out var password, out missing)) return (null, missing);
        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "xrpc/com.atproto.server.createSession");
        msg.Content = PlatformHttp.Json(new JsonObject { ["identifier"] = identifier, ["password"] = password });
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "Bluesky（サインイン）: " + failure.Reason));
        var r = reply!;
        var now = _time.GetUtcNow();
        if (r.IsSuccess && ParseSession(r) is { } session)
        {
            _sessions[SessionKey(c)] = session;
            return (session, null);
        }
        var xrpcError = PlatformHttp.Str(r.Json, "error");
        PublishResult error = r.Status switch
        {
            429 => new PublishResult.Retry(PlatformHttp.FromEpochSeconds(r.Header("ratelimit-reset"), now) ?? r.RetryAfter(now), "Bluesky: サインインの回数制限に達しました"),
            >= 500 => new PublishResult.Retry(r.RetryAfter(now), $"Bluesky のサーバーエラーです（サインイン, {r.Status}）"),
            _ when xrpcError == "AuthFactorTokenRequired" => new PublishResult.Failed("Bluesky: 確認コードを求められました。アカウントのパスワードではなくアプリパスワードを設定してください。", r.Status),
            _ when xrpcError == "AccountTakedown" => new PublishResult.Failed("Bluesky: アカウントが停止されています。", r.Status),
            401 => new PublishResult.Failed("Bluesky にサインインできませんでした。ID とアプリパスワードを確認してください。", 401),
            _ => new PublishResult.Failed(Redactor.Reason(c, $"Bluesky にサインインできませんでした（HTTP {r.Status}）", PlatformHttp.Str(r.Json, "message")), r.Status),
        };
        return (null, error);
    }

    /// <summary>Null session (and no error) when the refresh token is no good either: sign in again.</summary>
    private async Task<(Session? Session, PublishResult? Error)> RefreshSessionAsync(Connection c, Session old, CancellationToken ct)
    {
        using var msg = PlatformHttp.Request(HttpMethod.Post, c.BaseUrl, "xrpc/com.atproto.server.refreshSession", old.RefreshJwt);
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return (null, new PublishResult.Retry(null, "Bluesky（セッションの更新）: " + failure.Reason));
        if (reply!.IsSuccess && ParseSession(reply) is { } session)
        {
            _sessions[SessionKey(c)] = session;
            return (session, null);
        }
        return (null, null);
    }

    private static Session? ParseSession(HttpReply r) =>
        PlatformHttp.Str(r.Json, "accessJwt") is { } access && PlatformHttp.Str(r.Json, "refreshJwt") is { } refresh
        && PlatformHttp.Str(r.Json, "did") is { } did
            ? new Session(access, refresh, did, PlatformHttp.Str(r.Json, "handle") ?? did)
            : null;

    // ---- reading a record back -----------------------------------------------------------------------------

    private abstract record Existing
    {
        public sealed record Same(string Uri) : Existing;
        public sealed record Different : Existing;
        public sealed record Absent : Existing;
        public sealed record Unreadable(string Reason) : Existing;
    }

    private async Task<Existing> GetRecordAsync(Uri baseUrl, string repo, string rkey, string text, CancellationToken ct)
    {
        using var msg = PlatformHttp.Request(HttpMethod.Get, baseUrl,
            $"xrpc/com.atproto.repo.getRecord?repo={PlatformHttp.Q(repo)}&collection={Collection}&rkey={PlatformHttp.Q(rkey)}");
        var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
        if (failure is not null) return new Existing.Unreadable("Bluesky: " + failure.Reason);
        var r = reply!;
        if (r.Status == 400 && PlatformHttp.Str(r.Json, "error") == "RecordNotFound" || r.Status == 404) return new Existing.Absent();
        if (!r.IsSuccess) return new Existing.Unreadable($"Bluesky から投稿を読めませんでした（HTTP {r.Status}）");
        var stored = PlatformHttp.Str(r.Json?["value"], "text");
        if (PlatformHttp.NormaliseText(stored ?? "") != PlatformHttp.NormaliseText(text)) return new Existing.Different();
        return new Existing.Same(PlatformHttp.Str(r.Json, "uri") ?? AtUri(repo, rkey));
    }

    private static string AtUri(string did, string rkey) => $"at://{did}/{Collection}/{rkey}";

    private static string PostUrl(string handle, string rkey) =>
        $"https://bsky.app/profile/{handle}/post/{rkey}"; // handles, DIDs and TIDs are URL-safe
}
