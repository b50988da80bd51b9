using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koho.Connectors.Internal;

/// <summary>Meta Graph API (Facebook Pages and Instagram) requests and error classification, shared by both connectors.</summary>
internal static class GraphApi
{
    /// <summary>The token goes in the Authorization header, never the query string (URLs end up in logs).</summary>
    public static HttpRequestMessage Request(HttpMethod method, Connection c, string relative, string token, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var msg = PlatformHttp.Request(method, c.BaseUrl, relative, token);
        if (form is not null) msg.Content = new FormUrlEncodedContent(form);
        return msg;
    }

    /// <summary>
    /// Reads a cursor-paginated edge newest first for <see cref="IPlatformConnector.FindAsync"/>: the first page is
    /// <paramref name="firstPage"/>, each next one the same with <c>after</c> = the previous page's
    /// <c>paging.cursors.after</c> (never <c>paging.next</c> itself: Graph writes the access token into it, and URLs
    /// end up in logs). The list has ended when Graph gives no <c>paging.next</c> — not when a page is short or empty,
    /// which privacy filtering can make it.
    /// </summary>
    /// <param name="check">For one object: its creation time and, when it is the post looked for, the answer.</param>
    public static async Task<FindResult> FindInTimelineAsync(HttpClient http, Connection c, string token, string name, string firstPage,
        Func<JsonNode?, (DateTimeOffset? Created, FindResult.Found? Found)> check, DateTimeOffset since, CancellationToken ct)
    {
        string? after = null;
        var read = 0;
        for (var page = 1; page <= FindWindow.MaxPages; page++)
        {
            using var msg = Request(HttpMethod.Get, c, firstPage + (after is null ? "" : "&after=" + PlatformHttp.Q(after)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return new FindResult.Unknown(name + ": " + failure.Reason);
            if (!reply!.IsSuccess)
                return new FindResult.Unknown(Redactor.Reason(c, $"{name} から投稿一覧を読めませんでした（HTTP {reply.Status}）", ErrorOf(reply)?.Message));
            if (reply.Json is not JsonObject body || body["data"] is not JsonArray data) return FindWindow.Unreadable(name);

            DateTimeOffset? last = null;
            foreach (var item in data)
            {
                var (created, found) = check(item);
                if (found is not null) return found;
                last = created;
            }
            read += data.Count;
            // Newest first: once a page ends before the window, nothing older can match.
            if (last < since) return new FindResult.NotFound();
            if (PlatformHttp.Str(body["paging"], "next") is null) return new FindResult.NotFound();
            after = PlatformHttp.Str(body["paging"]?["cursors"], "after");
            if (after is null)
                return new FindResult.Unknown($"{name}: 投稿一覧の続きを読むためのカーソルがなく、確認しきれませんでした。");
        }
        return FindWindow.TooManyPages(name, read);
    }

    /// <summary>
    /// Reads a cursor-paginated edge of posts by others (Page <c>tagged</c>, IG User <c>tags</c>) newest first for
    /// <see cref="IPlatformWatch.ReadMentionsAsync"/>, paged as <see cref="FindInTimelineAsync"/> pages (the
    /// <c>after</c> cursor, never <c>paging.next</c>, which carries the token), until an object at or before
    /// <paramref name="since"/> (these edges take no <c>since</c> parameter), the end of the list, or
    /// <see cref="WatchLimits.MaxPages"/> pages with more remaining (Truncated).
    /// </summary>
    /// <param name="parse">One object as a mention; null when it lacks an id or a time.</param>
    public static async Task<WatchResult<PlatformMention>> ReadMentionsAsync(HttpClient http, Connection c, Network network, string token,
        string firstPage, Func<JsonNode?, PlatformMention?> parse, DateTimeOffset since, TimeProvider time, CancellationToken ct)
    {
        var name = network == Network.Instagram ? "Instagram" : "Facebook";
        var mentions = new List<PlatformMention>();
        string? after = null;
        for (var page = 1; page <= WatchLimits.MaxPages; page++)
        {
            using var msg = Request(HttpMethod.Get, c, firstPage + (after is null ? "" : "&after=" + PlatformHttp.Q(after)), token);
            var (reply, failure) = await PlatformHttp.SendAsync(http, msg, ct).ConfigureAwait(false);
            if (failure is not null) return WatchSupport.Transport<PlatformMention>(name, failure);
            if (!reply!.IsSuccess) return WatchSupport.From<PlatformMention>(Classify(network, c, reply, time.GetUtcNow(), publishing: false));
            if (reply.Json is not JsonObject body || body["data"] is not JsonArray data) return WatchSupport.Unreadable<PlatformMention>(name, "タグ付けされた投稿一覧");

            foreach (var item in data)
            {
                if (parse(item) is not { } mention) return WatchSupport.Unreadable<PlatformMention>(name, "タグ付けされた投稿一覧");
                // Newest first: everything after this one is older still.
                if (mention.PostedAt <= since) return WatchSupport.Mentions(mentions, truncated: false);
                mentions.Add(mention);
            }
            if (PlatformHttp.Str(body["paging"], "next") is null) return WatchSupport.Mentions(mentions, truncated: false);
            after = PlatformHttp.Str(body["paging"]?["cursors"], "after");
            if (after is null) return WatchSupport.Mentions(mentions, truncated: true);
        }
        return WatchSupport.Mentions(mentions, truncated: true);
    }

    public sealed record GraphError(int? Code, int? Subcode, string? Message, bool Transient);

    public static GraphError? ErrorOf(HttpReply reply)
    {
        if (reply.Json?["error"] is not JsonObject e) return null;
        return new GraphError(Int(e["code"]), Int(e["error_subcode"]), PlatformHttp.Str(e, "message"),
            e["is_transient"] is JsonValue t && t.TryGetValue<bool>(out var b) && b);
    }

    /// <param name="publishing">Whether this call creates the public post (only then is a "duplicate" answer Ambiguous).</param>
    public static PublishResult Classify(Network network, Connection c, HttpReply reply, DateTimeOffset now, bool publishing)
    {
        var name = network == Network.Instagram ? "Instagram" : "Facebook";
        var error = ErrorOf(reply);
        switch (error?.Code)
        {
            case 190 or 102:
                return new PublishResult.Failed($"{name} のアクセストークンが無効または期限切れです。接続し直してください。", reply.Status);
            case 4 or 17 or 32 or 613 or 341 or 80001 or 80002:
                return new PublishResult.Retry(RegainAccess(reply) ?? reply.RetryAfter(now),
                    Redactor.Reason(c, $"{name}: 呼び出し回数の上限に達しました", error.Message));
            case 506 when publishing:
                return new PublishResult.Ambiguous($"{name}: 同じ内容の投稿が直前にあると拒否されました。以前の試行で投稿済みの可能性があります。");
            case 1 or 2 when publishing:
                return new PublishResult.Ambiguous(Redactor.Reason(c, $"{name} の一時的なエラーです。投稿されたか確認が必要です", error.Message));
            case 1 or 2:
                return new PublishResult.Retry(reply.RetryAfter(now), Redactor.Reason(c, $"{name} の一時的なエラーです", error.Message));
            case 10 or (>= 200 and <= 299):
                return new PublishResult.Failed(Redactor.Reason(c, $"{name}: 権限がありません。アプリの権限とページの役割を確認してください", error.Message), reply.Status);
        }
        if (error is { Transient: true } && publishing)
            return new PublishResult.Ambiguous(Redactor.Reason(c, $"{name} の一時的なエラーです。投稿されたか確認が必要です", error.Message));
        if (error is { Transient: true })
            return new PublishResult.Retry(reply.RetryAfter(now), Redactor.Reason(c, $"{name} の一時的なエラーです", error.Message));
        if (reply.Status == 429)
            return new PublishResult.Retry(RegainAccess(reply) ?? reply.RetryAfter(now), $"{name}: 呼び出し回数の上限に達しました");
        // The call that makes the post public has no idempotency key: a 5xx may follow a post that was made.
        if (reply.Status >= 500 && publishing)
            return new PublishResult.Ambiguous($"{name} のサーバーエラーです（{reply.Status}）。投稿されたか確認が必要です。");
        if (reply.Status >= 500)
            return new PublishResult.Retry(reply.RetryAfter(now), $"{name} のサーバーエラーです（{reply.Status}）");
        return new PublishResult.Failed(
            Redactor.Reason(c, $"{name} が要求を拒否しました（HTTP {reply.Status}" + (error?.Code is { } code ? $", code {code}" : "") + "）", error?.Message),
            reply.Status);
    }

    /// <summary>
    /// The longest estimated_time_to_regain_access (minutes) in x-business-use-case-usage or x-app-usage, when
    /// the platform says how long the throttle lasts.
    /// </summary>
    public static TimeSpan? RegainAccess(HttpReply reply)
    {
        int best = 0;
        foreach (var header in new[] { "x-business-use-case-usage", "x-app-usage" })
        {
            var raw = reply.Header(header);
            if (raw is null) continue;
            try { best = Math.Max(best, MaxEta(JsonNode.Parse(raw))); }
            catch (JsonException) { }
        }
        return best > 0 ? TimeSpan.FromMinutes(best) : null;
    }

    private static int MaxEta(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(kv => kv.Key == "estimated_time_to_regain_access" ? Int(kv.Value) ?? 0 : MaxEta(kv.Value)).DefaultIfEmpty(0).Max(),
        JsonArray a => a.Select(MaxEta).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static int? Int(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<int>(out var i) ? i : v.TryGetValue<string>(out var s) && int.TryParse(s, out var j) ? j : null
        : null;
}
