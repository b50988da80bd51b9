using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koho.Connectors.Internal;

/// <summary>An HTTP answer, read completely (bodies of these APIs are small).</summary>
internal sealed class HttpReply(int status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
{
    private JsonNode? _json;
    private bool _parsed;

    public int Status { get; } = status;
    public string Body { get; } = body;
    public HttpResponseHeaders Headers { get; } = headers;
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The body as JSON, or null when it is not JSON (an HTML error page from a proxy, say).</summary>
    public JsonNode? Json
    {
        get
        {
            if (_parsed) return _json;
            _parsed = true;
            try { _json = Body.Length == 0 ? null : JsonNode.Parse(Body); }
            catch (JsonException) { _json = null; }
            return _json;
        }
    }

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()
        : contentHeaders.TryGetValues(name, out var cvalues) ? cvalues.FirstOrDefault()
        : null;

    /// <summary>Retry-After as a delay from <paramref name="now"/> (both the seconds and the HTTP-date forms).</summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        var ra = Headers.RetryAfter;
        if (ra?.Delta is { } d) return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        if (ra?.Date is { } date) return Clamp(date - now);
        return null;
    }

    internal static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
}

/// <summary>No HTTP answer. <see cref="MaybeSent"/>: the request may have reached the platform (so it may have acted on it).</summary>
internal sealed record TransportFailure(bool MaybeSent, string Reason);

internal static class PlatformHttp
{
    /// <summary>
    /// Sends and reads the whole answer. Cancellation by the caller's token propagates (the caller knows it gave
    /// up); every other failure becomes a <see cref="TransportFailure"/> telling whether the request may have been
    /// received. Only failures to connect at all (DNS, refused, TLS) are known not to have been sent.
    /// </summary>
    public static async Task<(HttpReply? Reply, TransportFailure? Failure)> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return (new HttpReply((int)response.StatusCode, response.Headers, response.Content.Headers, body), null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException)
        {
            // HttpClient.Timeout: the platform may be processing the request right now.
            return (null, new TransportFailure(true, "応答がないまま時間切れになりました"));
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError
                                                 or HttpRequestError.ConnectionError
                                                 or HttpRequestError.SecureConnectionError
                                                 or HttpRequestError.ProxyTunnelError)
        {
            return (null, new TransportFailure(false, "接続できませんでした（" + e.HttpRequestError + "）"));
        }
        catch (HttpRequestException)
        {
            // The connection ended after the request went out (ResponseEnded, reset, invalid answer).
            return (null, new TransportFailure(true, "応答の前に接続が切れました"));
        }
        catch (IOException)
        {
            return (null, new TransportFailure(true, "応答の前に接続が切れました"));
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string relative, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, Combine(baseUrl, relative));
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>
    /// Joins by string: <c>new Uri(base, relative)</c> would drop the base's last segment ("/v21.0") when it has no
    /// trailing slash, and a leading slash in <paramref name="relative"/> would drop the whole base path.
    /// </summary>
    public static Uri Combine(Uri baseUrl, string relative) =>
        new(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative.TrimStart('/'));

    public static StringContent Json(JsonNode body) =>
        new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static string Q(string value) => Uri.EscapeDataString(value);

    /// <summary>Epoch seconds (X x-rate-limit-reset, Bluesky ratelimit-reset) as a delay from now.</summary>
    public static TimeSpan? FromEpochSeconds(string? header, DateTimeOffset now) =>
        long.TryParse(header, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? HttpReply.Clamp(DateTimeOffset.FromUnixTimeSeconds(epoch) - now)
            : null;

    /// <summary>Parses timestamps as platforms write them, including Graph API's "+0000" offsets.</summary>
    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        string[] formats = ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ss.fffzzzz", "yyyy-MM-dd'T'HH:mm:ssK"];
        foreach (var f in formats)
        {
            // Graph writes "+0000"; .NET's offset parsers want "+00:00".
            var v = value.Length > 5 && (value[^5] == '+' || value[^5] == '-') ? value[..^2] + ":" + value[^2..] : value;
            if (DateTimeOffset.TryParseExact(v, f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t)) return t;
        }
        return null;
    }

    /// <summary>Line endings and surrounding whitespace do not make two posts different.</summary>
    public static string NormaliseText(string text) =>
        text.Replace("\r\n", "\n").Replace('\r', '\n').Trim().Normalize(NormalizationForm.FormC);

    public static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv
            ? (jv.TryGetValue<string>(out var s) ? s : jv.ToJsonString())
            : null;
}

/// <summary>Keeps secrets out of Reasons even when a platform echoes something back.</summary>
internal static class Redactor
{
    public static string Redact(Connection connection, string text)
    {
        foreach (var secret in connection.Secrets.Values)
        {
            if (secret.Length >= 4) text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>A Japanese reason, with the platform's own message appended (redacted, shortened) when it has one.</summary>
    public static string Reason(Connection connection, string japanese, string? platformMessage) =>
        string.IsNullOrWhiteSpace(platformMessage) ? japanese : japanese + "（" + Redact(connection, platformMessage.Trim()) + "）";
}

internal static class Secrets
{
    /// <summary>The named secret, or a Failed naming only the key (never a value).</summary>
    public static bool TryGet(Connection connection, string key, Network network, out string value, out PublishResult.Failed? failed)
    {
        if (connection.Secrets.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v))
        {
            value = v;
            failed = null;
            return true;
        }
        value = "";
        failed = new PublishResult.Failed($"{network} の接続設定に {key} がありません。接続を設定し直してください。", null);
        return false;
    }
}
