using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Koho.Notifications;

/// <summary>A chat message about an incident. <paramref name="Severity"/> is "info", "warning" or "critical".</summary>
/// <param name="Fields">Extra facts shown as lines of the message and given structured in <c>koho.fields</c>.</param>
public sealed record WebhookMessage(string Title, string Text, string? Link, string Severity, IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>
/// Posts to a chat tool's incoming webhook (Slack, Mattermost, Microsoft Teams connectors, or any receiver of
/// Koho's own). The body is JSON with a top-level <c>"text"</c> — the one field every incoming webhook renders — and
/// a <c>"koho"</c> object with the same facts structured. With a signing secret, the request carries
/// <c>X-Koho-Timestamp</c> and <c>X-Koho-Signature</c> (see <see cref="WebhookSignature"/>) so a receiver can tell it
/// came from Koho and is fresh.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time)
{
    public const string SignatureHeader = "X-Koho-Signature";
    public const string TimestampHeader = "X-Koho-Timestamp";

    private static readonly string[] Severities = ["info", "warning", "critical"];

    // Japanese stays readable in the body (the default encoder writes every kana as \uXXXX); the body is only ever
    // read as JSON, never embedded in HTML, so the relaxed encoder is safe here.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Makes one POST and classifies the answer: 2xx Delivered; 408, 429, 5xx, network errors and timeouts Retry
    /// (with Retry-After); any other answer Failed. Only the URL's scheme and host ever appear in a reason.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(Uri url, string? signingSecret, WebhookMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(message);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            return new DeliveryResult.Failed("Webhook の URL は http:// または https:// で始まる必要があります");
        var site = Site(url);
        if (!Severities.Contains(message.Severity))
            return new DeliveryResult.Failed($"通知の重大度「{message.Severity}」は info・warning・critical のいずれでもありません");

        var now = time.GetUtcNow();
        var body = Body(message, now);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Koho", "1.0"));
        if (!string.IsNullOrEmpty(signingSecret))
        {
            var timestamp = now.ToUnixTimeSeconds();
            request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(SignatureHeader, WebhookSignature.Compute(signingSecret, timestamp, body));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException)
        {
            // HttpClient.Timeout. The receiver may have posted it already; a duplicate chat message is the lesser harm.
            return new DeliveryResult.Retry(null, $"Webhook の送信先（{site}）が時間内に応答しませんでした");
        }
        catch (HttpRequestException e)
        {
            // Never e.Message: it names host and port, and some handlers put the whole request URI in it.
            return new DeliveryResult.Retry(null, $"Webhook の送信先（{site}）に接続できないか、接続が切れました（{e.HttpRequestError}）");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return new DeliveryResult.Delivered();
            var said = await ExcerptAsync(response, url, signingSecret, ct).ConfigureAwait(false);
            if (status is 429 or 408 or >= 500)
                return new DeliveryResult.Retry(RetryAfter(response, now), $"Webhook の送信先（{site}）が一時的に受け付けませんでした（HTTP {status}）{said}");
            if (status is >= 300 and < 400)
                return new DeliveryResult.Failed($"Webhook の送信先（{site}）が別の URL へ転送しようとしました（HTTP {status}）。URL を確認してください。");
            if (status is 401 or 403 or 404 or 410)
                return new DeliveryResult.Failed($"Webhook の送信先（{site}）が受け付けませんでした（HTTP {status}）。URL が無効になっていないか確認してください。{said}");
            return new DeliveryResult.Failed($"Webhook の送信先（{site}）が受け付けませんでした（HTTP {status}）{said}");
        }
    }

    /// <summary>scheme://host[:port] — never the path or query, where chat tools put the webhook's token.</summary>
    internal static string Site(Uri url) => url.Scheme + "://" + url.Authority;

    internal static byte[] Body(WebhookMessage message, DateTimeOffset now)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("text", ChatText(message));
            json.WriteStartObject("koho");
            json.WriteString("title", message.Title);
            json.WriteString("text", message.Text);
            if (message.Link is null) json.WriteNull("link");
            else json.WriteString("link", message.Link);
            json.WriteString("severity", message.Severity);
            json.WriteStartObject("fields");
            foreach (var (name, value) in message.Fields ?? new Dictionary<string, string>())
                json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteString("sentAt", now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// One plain message for tools that render only "text": no Slack mrkdwn or Markdown, which each tool reads
    /// differently. The severity label leads so that it shows in a phone's notification.
    /// </summary>
    internal static string ChatText(WebhookMessage message)
    {
        var label = message.Severity switch { "critical" => "【緊急】", "warning" => "【注意】", _ => "【お知らせ】" };
        var text = new StringBuilder(label).Append(message.Title);
        if (!string.IsNullOrWhiteSpace(message.Text)) text.Append('\n').Append(message.Text.Trim());
        foreach (var (name, value) in message.Fields ?? new Dictionary<string, string>())
            text.Append('\n').Append(name).Append(": ").Append(value);
        if (!string.IsNullOrEmpty(message.Link)) text.Append('\n').Append(message.Link);
        return text.ToString();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset sentAt)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>
    /// The start of the receiver's answer (Slack says "invalid_token", "channel_not_found"…), which helps whoever must
    /// fix the setting; with the URL's path, query and the secret taken out in case the receiver echoes them.
    /// </summary>
    private static async Task<string> ExcerptAsync(HttpResponseMessage response, Uri url, string? secret, CancellationToken ct)
    {
        string text;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[1024];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            text = Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return "";
        }
        text = Redact(text, url, secret).ReplaceLineEndings(" ").Trim();
        if (text.Length > 200) text = text[..200] + "…";
        return text.Length == 0 ? "" : $"（{text}）";
    }

    internal static string Redact(string text, Uri url, string? secret)
    {
        List<string> hidden = [url.OriginalString, url.AbsoluteUri, url.PathAndQuery, Uri.UnescapeDataString(url.PathAndQuery)];
        if (!string.IsNullOrEmpty(secret)) hidden.Add(secret);
        // Each piece of the path and query long enough to be a token, escaped or not.
        foreach (var piece in url.PathAndQuery.Split(['/', '?', '&', '=', '#'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (piece.Length >= 6)
            {
                hidden.Add(piece);
                hidden.Add(Uri.UnescapeDataString(piece));
            }
        }
        foreach (var value in hidden.Where(h => h.Length > 1).Distinct().OrderByDescending(h => h.Length))
            text = text.Replace(value, "***", StringComparison.Ordinal);
        return text;
    }
}

/// <summary>
/// The signature on Koho's webhook requests: <c>X-Koho-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 keyed
/// with the signing secret (UTF-8) over <c>"&lt;X-Koho-Timestamp&gt;." + raw body</c>. The timestamp (Unix seconds)
/// is inside the MAC so a captured request cannot be replayed later with a new one.
/// </summary>
public static class WebhookSignature
{
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var input = new byte[prefix.Length + body.Length];
        prefix.CopyTo(input, 0);
        body.CopyTo(input.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input));
    }

    /// <summary>
    /// For receivers: true when <paramref name="signature"/> is this body's signature with this secret and the
    /// timestamp is within <paramref name="tolerance"/> of <paramref name="now"/> (compared in constant time).
    /// </summary>
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, seconds, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
