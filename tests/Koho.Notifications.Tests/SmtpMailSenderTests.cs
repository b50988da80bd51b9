using System.Net;
using System.Net.Sockets;
using System.Text;
using Koho.FakeMail;
using static Koho.Notifications.Tests.TestSupport;

namespace Koho.Notifications.Tests;

public class SmtpMailSenderTests
{
    private const string From = "koho@city.musashino.example.jp";
    private const string FromName = "武蔵野市 秘書広報課";

    private static SmtpOptions Options(SmtpSink sink, Action<SmtpOptions>? change = null)
    {
        var options = new SmtpOptions { Host = sink.Host, Port = sink.Port, From = From, FromName = FromName, TimeoutSeconds = 10 };
        change?.Invoke(options);
        return options;
    }

    private static MailMessageSpec Mail(params string[] to) =>
        new(to.Length == 0 ? ["bousai@city.musashino.example.jp"] : to, "【至急】公式Xアカウントでなりすましを確認", "本文です。");

    [Fact]
    public async Task A_Japanese_subject_and_body_arrive_intact_from_the_named_sender()
    {
        await using var sink = await SmtpSink.StartAsync();
        // Long enough that the subject is split over several encoded words and folded lines; a line that starts with
        // "." (dot-stuffed on the wire); characters outside JIS X 0208 (①, 𠮷) and the wave dash that Shift_JIS mangles.
        var subject = "【緊急・第2報】公式Xアカウント「@musashino_city」で乗っ取りの疑い：不審な投稿３件を確認、対応をお願いします①";
        var body = "防災課 各位\n\n公式アカウントで不審な投稿を確認しました。\n.（行頭のピリオド）\n対応期限：１０時〜１２時\n𠮷野家の件とは無関係です。\n\n-- \nKoho";
        var sender = new SmtpMailSender(Options(sink));

        var result = await sender.SendAsync(new MailMessageSpec(["bousai@city.musashino.example.jp"], subject, body), Ct);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var message = Assert.Single(await sink.WaitForMessagesAsync(1, ct: Ct));
        Assert.Equal(subject, message.Subject);
        Assert.Equal(body, message.TextBody);
        Assert.Equal(From, message.From);
        Assert.Equal(["bousai@city.musashino.example.jp"], message.To);
        Assert.Equal(From, message.FromHeader?.Address);
        Assert.Equal(FromName, message.FromHeader?.DisplayName);
        // Sent as 7-bit: the Japanese travels RFC 2047-encoded in headers and base64 in the body.
        Assert.True(Ascii.IsValid(message.RawData));
        Assert.Contains("=?utf-8?B?", message.Data, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("charset=utf-8", message.Headers["Content-Type"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.EndsWith("@city.musashino.example.jp>", message.Headers["Message-ID"]);
    }

    [Fact]
    public async Task One_message_reaches_several_recipients()
    {
        await using var sink = await SmtpSink.StartAsync();
        string[] to = ["a@example.jp", "b@example.jp", "c@example.org"];

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail(to), Ct);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var message = Assert.Single(await sink.WaitForMessagesAsync(1, ct: Ct));
        Assert.Equal(to, message.To);
        Assert.Equal(to, message.Headers["To"].Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal(1, sink.Commands.Count(c => c.StartsWith("MAIL", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Authenticates_with_the_configured_credentials()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UserName = "koho", Password = "s3cret-パス" });
        var sender = new SmtpMailSender(Options(sink, o => (o.UserName, o.Password) = ("koho", "s3cret-パス")));

        var result = await sender.SendAsync(Mail(), Ct);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var message = Assert.Single(sink.Messages);
        Assert.Equal("koho", message.AuthenticatedUser);
        Assert.Contains("AUTH LOGIN", sink.Commands);
    }

    [Fact]
    public async Task Wrong_credentials_fail_without_revealing_the_password()
    {
        const string password = "wrong-password-123";
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UserName = "koho", Password = "right-password" });
        var sender = new SmtpMailSender(Options(sink, o => (o.UserName, o.Password) = ("koho", password)));

        var result = await sender.SendAsync(Mail(), Ct);

        var failed = Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Contains("認証", failed.Reason);
        Assert.DoesNotContain(password, result.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), result.ToString());
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task No_credentials_where_the_server_requires_them_fails()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UserName = "koho", Password = "right-password" });

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail(), Ct);

        Assert.Contains("認証", Assert.IsType<DeliveryResult.Failed>(result).Reason);
        Assert.Empty(sink.Messages);
    }

    [Theory]
    [InlineData(450)]
    [InlineData(451)]
    [InlineData(452)]
    public async Task A_recipient_refused_for_now_is_retried(int code)
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.RejectNextRecipients(code);

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail("busy@example.jp"), Ct);

        var retry = Assert.IsType<DeliveryResult.Retry>(result);
        Assert.Contains("busy@example.jp", retry.Reason);
        Assert.Contains(code.ToString(), retry.Reason);
        Assert.Empty(sink.Messages);
    }

    [Theory]
    [InlineData(550)]
    [InlineData(553)]
    [InlineData(554)]
    public async Task A_recipient_refused_for_good_fails(int code)
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.RejectNextRecipients(code);

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail("nobody@example.jp"), Ct);

        var failed = Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Contains("nobody@example.jp", failed.Reason);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task When_only_some_recipients_are_refused_the_others_get_it_and_it_is_not_retried()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.RejectNextRecipients(550);

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail("gone@example.jp", "here@example.jp"), Ct);

        var failed = Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Contains("一部", failed.Reason);
        Assert.Contains("gone@example.jp", failed.Reason);
        Assert.Equal(["here@example.jp"], Assert.Single(sink.Messages).To);
    }

    [Fact]
    public async Task All_recipients_refused_for_now_is_retried()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.RejectNextRecipients(450, count: 2);

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail("a@example.jp", "b@example.jp"), Ct);

        Assert.IsType<DeliveryResult.Retry>(result);
        Assert.Empty(sink.Messages);
    }

    [Theory]
    [InlineData(451, true)]
    [InlineData(554, false)]
    public async Task A_message_refused_after_its_data_is_classified_by_the_reply(int code, bool retry)
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.RejectNextMessage(code);

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail(), Ct);

        Assert.IsType(retry ? typeof(DeliveryResult.Retry) : typeof(DeliveryResult.Failed), result);
        Assert.Contains(code.ToString(), result.ToString());
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task A_server_that_is_down_is_retried()
    {
        // A port that was free a moment ago: nothing listens there, the connection is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var sender = new SmtpMailSender(new SmtpOptions { Host = "127.0.0.1", Port = port, From = From, TimeoutSeconds = 10 });

        var result = await sender.SendAsync(Mail(), Ct);

        Assert.Contains($"127.0.0.1:{port}", Assert.IsType<DeliveryResult.Retry>(result).Reason);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_the_next_attempt_goes_through()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.CloseOnNextConnection();
        var sender = new SmtpMailSender(Options(sink));

        Assert.IsType<DeliveryResult.Retry>(await sender.SendAsync(Mail(), Ct));
        Assert.IsType<DeliveryResult.Delivered>(await sender.SendAsync(Mail(), Ct));
        Assert.Single(sink.Messages);
        Assert.Equal(2, sink.Connections);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_and_is_retried()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.StallOnNextConnection();
        var sender = new SmtpMailSender(Options(sink, o => o.TimeoutSeconds = 1));

        var started = TimeProvider.System.GetTimestamp();
        var result = await sender.SendAsync(Mail(), Ct);

        Assert.Contains("1 秒", Assert.IsType<DeliveryResult.Retry>(result).Reason);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_delivery_result()
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.StallOnNextConnection();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmtpMailSender(Options(sink)).SendAsync(Mail(), cts.Token));
    }

    [Fact]
    public async Task Without_a_host_it_is_not_configured_and_fails()
    {
        var sender = new SmtpMailSender(new SmtpOptions { From = From });

        Assert.False(sender.IsConfigured);
        Assert.Equal(new DeliveryResult.Failed("SMTP サーバーが設定されていません"), await sender.SendAsync(Mail(), Ct));
        Assert.True(new SmtpMailSender(new SmtpOptions { Host = "smtp.example.jp" }).IsConfigured);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("two@@example.jp")]
    [InlineData("Someone <someone@example.jp>")]
    [InlineData("")]
    [InlineData("防災課@example.jp")]
    public async Task A_malformed_recipient_fails_without_contacting_the_server(string to)
    {
        await using var sink = await SmtpSink.StartAsync();

        var result = await new SmtpMailSender(Options(sink)).SendAsync(Mail(to), Ct);

        Assert.IsType<DeliveryResult.Failed>(result);
        Assert.Equal(0, sink.Connections);
    }

    [Fact]
    public async Task A_malformed_sender_address_fails()
    {
        await using var sink = await SmtpSink.StartAsync();

        var result = await new SmtpMailSender(Options(sink, o => o.From = "")).SendAsync(Mail(), Ct);

        Assert.Contains("送信元", Assert.IsType<DeliveryResult.Failed>(result).Reason);
    }

    [Fact]
    public async Task STARTTLS_required_but_not_offered_fails_as_a_configuration_problem()
    {
        await using var sink = await SmtpSink.StartAsync();

        var result = await new SmtpMailSender(Options(sink, o => o.StartTls = true)).SendAsync(Mail(), Ct);

        Assert.Contains("STARTTLS", Assert.IsType<DeliveryResult.Failed>(result).Reason);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public void Options_never_print_the_password()
    {
        var options = new SmtpOptions { Host = "smtp.example.jp", UserName = "koho", Password = "hunter2-secret" };
        Assert.DoesNotContain("hunter2-secret", options.ToString());
    }
}
