using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using static Koho.Notifications.Tests.TestSupport;

namespace Koho.Notifications.Tests;

public class WebhookSenderTests
{
    // Slack-style: the path is the credential.
    private const string TokenPath = "services/T0KOHO123/B0ESCALATE/XyZsecretToken987";
    private const string QueryToken = "qtoken-abcdef123456";
    private const string Secret = "whsec-correct-horse-battery";

    private static readonly WebhookMessage Message = new(
        "公式Xアカウントの乗っ取りの疑い", "不審な投稿を3件確認しました。\n至急確認してください。", "https://koho.city.example.jp/incidents/42", "critical",
        new Dictionary<string, string> { ["アカウント"] = "@musashino_city", ["段階"] = "2（秘書広報課）" });

    private static HttpClient Http(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    private static Uri Hook(WebhookReceiver receiver) => new(receiver.Root, TokenPath + "?token=" + QueryToken);

    private static void NoSecretIn(DeliveryResult result)
    {
        var text = result.ToString();
        Assert.DoesNotContain("XyZsecretToken987", text);
        Assert.DoesNotContain("T0KOHO123", text);
        Assert.DoesNotContain(QueryToken, text);
        Assert.DoesNotContain(Secret, text);
    }

    [Fact]
    public async Task Posts_chat_text_and_the_structured_facts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var sender = new WebhookSender(Http(), new FixedTimeProvider(Start));

        var result = await sender.SendAsync(Hook(receiver), null, Message, Ct);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/" + TokenPath + "?token=" + QueryToken, request.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.False(request.Headers.ContainsKey(WebhookSender.SignatureHeader));
        Assert.False(request.Headers.ContainsKey(WebhookSender.TimestampHeader));

        using var json = JsonDocument.Parse(request.Body);
        var text = json.RootElement.GetProperty("text").GetString()!;
        Assert.Equal(
            "【緊急】公式Xアカウントの乗っ取りの疑い\n不審な投稿を3件確認しました。\n至急確認してください。\nアカウント: @musashino_city\n段階: 2（秘書広報課）\nhttps://koho.city.example.jp/incidents/42",
            text);
        var koho = json.RootElement.GetProperty("koho");
        Assert.Equal(Message.Title, koho.GetProperty("title").GetString());
        Assert.Equal(Message.Text, koho.GetProperty("text").GetString());
        Assert.Equal(Message.Link, koho.GetProperty("link").GetString());
        Assert.Equal("critical", koho.GetProperty("severity").GetString());
        Assert.Equal("@musashino_city", koho.GetProperty("fields").GetProperty("アカウント").GetString());
        Assert.Equal("2026-04-01T00:30:00Z", koho.GetProperty("sentAt").GetString());
        Assert.Equal(Start, DateTimeOffset.Parse(koho.GetProperty("sentAt").GetString()!));
        // Japanese is sent as UTF-8, not as \u escapes.
        Assert.Contains("乗っ取り", Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task A_message_without_link_or_fields_is_still_well_formed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var sender = new WebhookSender(Http(), new FixedTimeProvider(Start));

        await sender.SendAsync(Hook(receiver), null, new WebhookMessage("お知らせ", "本文", null, "info"), Ct);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Equal("【お知らせ】お知らせ\n本文", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("koho").GetProperty("link").ValueKind);
        Assert.Empty(json.RootElement.GetProperty("koho").GetProperty("fields").EnumerateObject());
    }

    [Fact]
    public async Task The_signature_verifies_with_the_secret_and_not_with_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var time = new FixedTimeProvider(Start);
        var sender = new WebhookSender(Http(), time);

        Assert.IsType<DeliveryResult.Delivered>(await sender.SendAsync(Hook(receiver), Secret, Message, Ct));

        var request = Assert.Single(receiver.Requests);
        var timestamp = request.Headers[WebhookSender.TimestampHeader];
        var signature = request.Headers[WebhookSender.SignatureHeader];
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(), timestamp);
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        var now = Start.AddSeconds(30);
        Assert.True(WebhookSignature.Verify(Secret, timestamp, signature, request.Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret", timestamp, signature, request.Body, now, TimeSpan.FromMinutes(5)));
        // Bound to the body and to the timestamp: neither can be changed or replayed later.
        var tampered = (byte[])request.Body.Clone();
        tampered[^2] ^= 1;
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, tampered, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, (Start.ToUnixTimeSeconds() + 60).ToString(), signature, request.Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, request.Body, Start.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, "not-a-number", signature, request.Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, null, request.Body, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void The_signature_is_HMAC_SHA256_over_timestamp_dot_body()
    {
        // Computed with: printf '%s' '1775003400.{"text":"x"}' | openssl dgst -sha256 -hmac key
        const string expected = "sha256=23198c4ce55909ef9987e5dbf6b2f4eeb6096d9946f154df7853e4922f94c712";
        var body = """{"text":"x"}"""u8.ToArray();
        Assert.Equal(expected, WebhookSignature.Compute("key", 1775003400, body));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_retried(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(status, "upstream down"));

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), Secret, Message, Ct);

        var retry = Assert.IsType<DeliveryResult.Retry>(result);
        Assert.Null(retry.After);
        Assert.Contains($"HTTP {status}", retry.Reason);
        NoSecretIn(result);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_seconds_asked_for()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(429, "rate_limited", new Dictionary<string, string> { ["Retry-After"] = "120" }));

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), null, Message, Ct);

        Assert.Equal(TimeSpan.FromSeconds(120), Assert.IsType<DeliveryResult.Retry>(result).After);
    }

    [Fact]
    public async Task A_Retry_After_date_is_counted_from_the_clock()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(503, "", new Dictionary<string, string> { ["Retry-After"] = Start.AddMinutes(3).ToString("R") }));

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), null, Message, Ct);

        Assert.Equal(TimeSpan.FromMinutes(3), Assert.IsType<DeliveryResult.Retry>(result).After);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task A_refusal_fails_naming_only_scheme_and_host(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // A receiver that echoes the request's path and query back, as some error pages do.
        receiver.Then(new(status, $"no_service: /{TokenPath}?token={QueryToken} not found"));
        var url = Hook(receiver);

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(url, Secret, Message, Ct);

        var failed = Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Contains($"http://127.0.0.1:{url.Port}", failed.Reason);
        Assert.Contains($"HTTP {status}", failed.Reason);
        Assert.Contains("no_service", failed.Reason);
        NoSecretIn(result);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_fails()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(302, "", new Dictionary<string, string> { ["Location"] = "https://elsewhere.example/" }));

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), null, Message, Ct);

        Assert.Contains("HTTP 302", Assert.IsType<DeliveryResult.Failed>(result).Reason);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_retried_without_revealing_the_URL()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/{TokenPath}?token={QueryToken}");

        var result = await new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(url, Secret, Message, Ct);

        Assert.Contains($"http://127.0.0.1:{port}", Assert.IsType<DeliveryResult.Retry>(result).Reason);
        NoSecretIn(result);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(200, Delay: TimeSpan.FromSeconds(10)));

        var result = await new WebhookSender(Http(TimeSpan.FromMilliseconds(300)), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), null, Message, Ct);

        Assert.Contains("時間内", Assert.IsType<DeliveryResult.Retry>(result).Reason);
        NoSecretIn(result);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_delivery_result()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(new(200, Delay: TimeSpan.FromSeconds(10)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new WebhookSender(Http(), new FixedTimeProvider(Start)).SendAsync(Hook(receiver), null, Message, cts.Token));
    }

    [Theory]
    [InlineData("ftp://hooks.example.jp/services/T0KOHO123")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:koho@example.jp")]
    [InlineData("javascript:alert(1)")]
    public async Task Only_http_and_https_are_accepted(string url)
    {
        var handler = new CountingHandler();
        var result = await new WebhookSender(new HttpClient(handler), new FixedTimeProvider(Start)).SendAsync(new Uri(url), null, Message, Ct);

        Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Equal(0, handler.Calls);
        Assert.DoesNotContain("T0KOHO123", result.ToString());
    }

    [Fact]
    public async Task An_unknown_severity_fails_before_sending()
    {
        var handler = new CountingHandler();
        var result = await new WebhookSender(new HttpClient(handler), new FixedTimeProvider(Start))
            .SendAsync(new Uri("https://hooks.example.jp/x"), null, Message with { Severity = "panic" }, Ct);

        Assert.Contains("panic", Assert.IsType<DeliveryResult.Failed>(result).Reason);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task An_https_URL_is_named_by_scheme_and_host_only()
    {
        // Where the receiver's shape does not matter: a handler that answers 404 for any https address.
        var handler = new CountingHandler(HttpStatusCode.NotFound);
        var url = new Uri($"https://user:pw@hooks.slack.example/{TokenPath}?token={QueryToken}");

        var result = await new WebhookSender(new HttpClient(handler), new FixedTimeProvider(Start)).SendAsync(url, null, Message, Ct);

        var failed = Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Contains("https://hooks.slack.example）", failed.Reason);
        Assert.DoesNotContain("user:pw", failed.Reason);
        NoSecretIn(result);
        Assert.Equal(1, handler.Calls);
    }

    private sealed class CountingHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("") });
        }
    }
}
