using System.Net;
using System.Text.Json;
using Koho.FakeMail;
using Koho.Notifications;
using Koho.Web.Notifications;
using Koho.Web.Tests.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Incidents;

/// <summary>
/// An incident's first level is told by e-mail over SMTP (to a local SMTP sink) and by the municipality's chat webhook
/// (to a local receiver, signature checked); an unreachable server is retried later, then shown as failed.
/// </summary>
public abstract class NotificationDeliveryTests(DatabaseKind kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_level_gets_an_email_and_the_chat_gets_a_signed_message_and_failures_are_retried()
    {
        TestDatabase.RequireAvailable(kind);
        await using var sink = await SmtpSink.StartAsync();
        var received = new List<(string Body, string? Signature, string? Timestamp)>();
        var hookStatus = HttpStatusCode.InternalServerError; // the chat tool is down at first
        var hookBuilder = WebApplication.CreateSlimBuilder();
        hookBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var hook = hookBuilder.Build();
        hook.MapPost("/hooks/T000/secret-path-token", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            var body = await reader.ReadToEndAsync();
            lock (received) received.Add((body, r.Headers["X-Koho-Signature"], r.Headers["X-Koho-Timestamp"]));
            return Results.StatusCode((int)hookStatus);
        });
        await hook.StartAsync(Ct);
        var hookUrl = hook.Urls.First() + "/hooks/T000/secret-path-token";

        await using var app = new KohoApp(await TestDatabase.CreateAsync(kind), settings: new Dictionary<string, string>
        {
            ["Koho:Notifications:Smtp:Host"] = sink.Host, ["Koho:Notifications:Smtp:Port"] = sink.Port.ToString(),
            ["Koho:Notifications:Smtp:From"] = "koho@city.musashino.test", ["Koho:Notifications:Smtp:FromName"] = "武蔵野市 Koho",
            ["Koho:Notifications:AllowedEmailDomains:0"] = "city.musashino.test",
        });
        var tenantId = await app.DemoTenantIdAsync();
        // The manager gives the address notifications go to on their own profile (a malformed one is refused).
        var managerClient = await app.SignedInClientAsync("manager");
        var badMail = await managerClient.PostFormAsync("/profile?handler=Email", new() { ["email"] = "yamada at city" }, formPage: "/profile");
        Assert.Contains("メールアドレスの形が正しくありません", WebUtility.HtmlDecode(await badMail.Content.ReadAsStringAsync(Ct)));
        var privateMail = await managerClient.PostFormAsync("/profile?handler=Email", new() { ["email"] = "yamada@mail.example" }, formPage: "/profile");
        Assert.Contains("通知を受け取れるのは city.musashino.test のアドレスです", WebUtility.HtmlDecode(await privateMail.Content.ReadAsStringAsync(Ct)));
        var goodMail = await managerClient.PostFormAsync("/profile?handler=Email", new() { ["email"] = "yamada@city.musashino.test" }, formPage: "/profile");
        Assert.Contains("通知のメールアドレスを保存しました。", WebUtility.HtmlDecode(await goodMail.Content.ReadAsStringAsync(Ct)));
        var emailAudit = await app.WithDbAsync(async (db, _) => await db.AuditRecords.Where(r => r.Action == "user.email-changed").Select(r => r.After).SingleAsync(Ct), tenantId);
        Assert.DoesNotContain("yamada@", emailAudit); // the trail records the change, not the address
        var admin = await app.SignedInClientAsync("admin");
        var set = await admin.PostFormAsync("/notifications?handler=Webhook", new() { ["url"] = hookUrl, ["secret"] = "chat-signing-secret" }, formPage: "/notifications");
        var settings = WebUtility.HtmlDecode(await admin.PageAfterAsync(set));
        Assert.Contains("チャットの Webhook を設定しました。", settings);
        Assert.DoesNotContain("secret-path-token", settings); // only the host is ever shown

        var account = await app.WithDbAsync(async (db, _) => (await db.OfficialAccounts.FirstAsync(a => a.Name == "武蔵野市防災情報X（デモ）", Ct)).Id, tenantId);
        var reporter = await app.SignedInClientAsync("operator");
        var opened = await reporter.PostFormAsync("/incidents/new", new()
        {
            ["Type"] = "Hijacking", ["AccountId"] = account.ToString(), ["Title"] = "乗っ取りの疑い <!channel>", ["Description"] = "見覚えのない投稿がある。",
        });
        var incidentId = opened.Headers.Location!.OriginalString.Split('/').Last();

        var outbox = app.Services.GetRequiredService<NotificationOutbox>();
        Assert.Equal(1, await outbox.DeliverDueAsync(Ct)); // the e-mail; the webhook answered 500
        var mail = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(["yamada@city.musashino.test"], mail.To);
        Assert.StartsWith("【乗っ取り】第", mail.Subject);
        Assert.DoesNotContain("見覚えのない投稿がある。", mail.TextBody); // the description stays in Koho
        Assert.Contains("内容は Koho で確認してください。", mail.TextBody);
        Assert.Contains($"https://koho.test/incidents/{incidentId}", mail.TextBody);
        var pending = await app.WithDbAsync(async (db, _) => await db.NotificationDeliveries.SingleAsync(d => d.Channel == DeliveryChannel.Webhook, Ct), tenantId);
        Assert.Equal((DeliveryStatus.Pending, 1), (pending.Status, pending.Attempts));
        Assert.DoesNotContain("secret-path-token", pending.LastError);
        Assert.True(pending.NextAttemptAt > DateTimeOffset.UtcNow);

        // The chat tool is back; the retry is due.
        hookStatus = HttpStatusCode.OK;
        await app.WithDbAsync(async (db, _) =>
            await db.NotificationDeliveries.Where(d => d.Id == pending.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct), tenantId);
        Assert.Equal(1, await outbox.DeliverDueAsync(Ct));
        Assert.Equal(0, await outbox.DeliverDueAsync(Ct)); // sent once
        var (body, signature, timestamp) = received[^1];
        Assert.True(WebhookSignature.Verify("chat-signing-secret", timestamp, signature, System.Text.Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        using var json = JsonDocument.Parse(body);
        var chatText = json.RootElement.GetProperty("text").GetString()!;
        Assert.Contains("乗っ取りの疑い &lt;!channel&gt;", chatText); // chat markup from a title is shown, never acted on
        Assert.DoesNotContain("<!channel>", chatText);
        Assert.DoesNotContain("見覚えのない投稿がある。", chatText);   // the description stays in Koho
        Assert.Equal($"https://koho.test/incidents/{incidentId}", json.RootElement.GetProperty("koho").GetProperty("link").GetString());
        Assert.Single(sink.Messages); // the e-mail was not sent again
    }
}

public sealed class WebhookGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]   // cloud metadata
    [InlineData("0.0.0.0", true)]
    [InlineData("fe80::1", true)]
    [InlineData("203.0.113.10", false)]
    [InlineData("10.1.2.3", false)]         // a municipality's own chat server on its network is allowed
    public void Webhook_connections_to_this_machine_or_link_local_addresses_are_refused(string address, bool forbidden) =>
        Assert.Equal(forbidden, WebhookGuard.Forbidden(System.Net.IPAddress.Parse(address)));
}

public sealed class NotificationDeliveryTestsOnSqlite() : NotificationDeliveryTests(DatabaseKind.Sqlite);

public sealed class NotificationDeliveryTestsOnPostgres() : NotificationDeliveryTests(DatabaseKind.Postgres);
