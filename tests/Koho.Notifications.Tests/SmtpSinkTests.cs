using System.Net.Sockets;
using System.Text;
using Koho.FakeMail;
using static Koho.Notifications.Tests.TestSupport;

namespace Koho.Notifications.Tests;

/// <summary>The sink itself, spoken to by hand: the parts of SMTP and MIME that System.Net.Mail never exercises.</summary>
public class SmtpSinkTests
{
    /// <summary>A line-at-a-time SMTP client that returns each reply's last line.</summary>
    private sealed class RawClient : IAsyncDisposable
    {
        private readonly TcpClient _tcp = new();
        private StreamReader _reader = null!;
        private Stream _stream = null!;

        public static async Task<(RawClient Client, string Greeting)> ConnectAsync(SmtpSink sink)
        {
            var client = new RawClient();
            await client._tcp.ConnectAsync(sink.Host, sink.Port, Ct);
            client._stream = client._tcp.GetStream();
            client._reader = new StreamReader(client._stream, Encoding.UTF8);
            return (client, await client.ReadReplyAsync());
        }

        public async Task<string> SendAsync(string line)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), Ct);
            return await ReadReplyAsync();
        }

        public async Task<string> ReadReplyAsync()
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(Ct) ?? throw new IOException("closed");
                if (line.Length < 4 || line[3] != '-') return line;
            }
        }

        public async Task<List<string>> EhloAsync()
        {
            await _stream.WriteAsync("EHLO test.example\r\n"u8.ToArray(), Ct);
            var lines = new List<string>();
            while (true)
            {
                var line = await _reader.ReadLineAsync(Ct) ?? throw new IOException("closed");
                lines.Add(line[4..]);
                if (line[3] != '-') return lines;
            }
        }

        public ValueTask DisposeAsync()
        {
            _tcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Unstuffs_dots_and_decodes_ISO_2022_JP_Q_words_and_quoted_printable_UTF_8()
    {
        await using var sink = await SmtpSink.StartAsync();
        var (client, greeting) = await RawClient.ConnectAsync(sink);
        await using var _ = client;
        Assert.StartsWith("220 ", greeting);
        Assert.Contains("8BITMIME", await client.EhloAsync());

        Assert.StartsWith("250", await client.SendAsync("MAIL FROM:<sender@example.jp> BODY=8BITMIME"));
        Assert.StartsWith("250", await client.SendAsync("RCPT TO:<one@example.jp>"));
        Assert.StartsWith("250", await client.SendAsync("RCPT TO:<two@example.jp>"));
        Assert.StartsWith("354", await client.SendAsync("DATA"));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // for the test's own encoding of ISO-2022-JP
        var jis = Convert.ToBase64String(Encoding.GetEncoding("iso-2022-jp").GetBytes("炎上"));
        string[] data =
        [
            "From: =?UTF-8?Q?=E5=BA=83=E5=A0=B1_=E8=AA=B2?= <sender@example.jp>",
            $"Subject: =?ISO-2022-JP?B?{jis}?= =?utf-8?q?=E3=81=AE_=E5=A0=B1?=",
            "  =?utf-8?B?5ZGK?= (report)",
            "Content-Type: text/plain; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "=E6=9C=AC=E6=96=87=",
            "=E3=81=A7=E3=81=99",
            "..",
            "..starts with a dot",
            ".",
        ];
        Assert.StartsWith("250", await client.SendAsync(string.Join("\r\n", data)));

        var message = Assert.Single(sink.Messages);
        Assert.Equal("炎上の 報告 (report)", message.Subject);
        Assert.Equal("広報 課", message.FromHeader?.DisplayName);
        Assert.Equal("本文です\n.\n.starts with a dot\n", message.TextBody);
        Assert.Equal(["one@example.jp", "two@example.jp"], message.To);
        Assert.Equal("sender@example.jp", message.From);
        Assert.Equal("221 2.0.0 Bye", await client.SendAsync("QUIT"));
    }

    [Fact]
    public async Task Takes_the_first_text_part_of_a_multipart_message_in_8bit()
    {
        await using var sink = await SmtpSink.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(sink);
        await using var __ = client;
        await client.SendAsync("HELO test");
        await client.SendAsync("MAIL FROM:<>");
        await client.SendAsync("RCPT TO:<one@example.jp>");
        await client.SendAsync("DATA");
        await client.SendAsync(string.Join("\r\n",
            "Subject: plain ascii",
            "Content-Type: multipart/alternative; boundary=\"b=1\"",
            "",
            "preamble",
            "--b=1",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<p>HTML</p>",
            "--b=1",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "八ビットの本文",
            "--b=1--",
            "."));

        var message = Assert.Single(sink.Messages);
        Assert.Equal("八ビットの本文", message.TextBody);
        Assert.Equal("plain ascii", message.Subject);
        Assert.Equal("", message.From); // the null reverse-path of a bounce
    }

    [Fact]
    public async Task Checks_AUTH_PLAIN_and_LOGIN_and_requires_it_before_MAIL()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { UserName = "koho", Password = "pa55" });
        var (client, _) = await RawClient.ConnectAsync(sink);
        await using var __ = client;
        Assert.Contains("AUTH PLAIN LOGIN", await client.EhloAsync());
        Assert.StartsWith("530", await client.SendAsync("MAIL FROM:<a@example.jp>"));

        Assert.StartsWith("535", await client.SendAsync("AUTH PLAIN " + B64("\0koho\0wrong")));
        Assert.StartsWith("334", await client.SendAsync("AUTH LOGIN"));
        Assert.StartsWith("334", await client.SendAsync(B64("koho")));
        Assert.StartsWith("535", await client.SendAsync(B64("wrong")));
        Assert.StartsWith("334", await client.SendAsync("AUTH PLAIN"));
        Assert.StartsWith("235", await client.SendAsync(B64("\0koho\0pa55")));
        Assert.StartsWith("503", await client.SendAsync("AUTH PLAIN " + B64("\0koho\0pa55")));
        Assert.StartsWith("250", await client.SendAsync("MAIL FROM:<a@example.jp>"));

        // The recorded commands never hold the credentials.
        Assert.DoesNotContain(sink.Commands, c => c.Contains(B64("koho"), StringComparison.Ordinal) || c.Contains("pa55", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_commands_out_of_order_and_bad_addresses()
    {
        await using var sink = await SmtpSink.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(sink);
        await using var __ = client;
        Assert.StartsWith("503", await client.SendAsync("MAIL FROM:<a@example.jp>"));
        await client.EhloAsync();
        Assert.StartsWith("503", await client.SendAsync("RCPT TO:<b@example.jp>"));
        Assert.StartsWith("503", await client.SendAsync("DATA"));
        Assert.StartsWith("250", await client.SendAsync("MAIL FROM:<a@example.jp>"));
        Assert.StartsWith("501", await client.SendAsync("RCPT TO:<not an address>"));
        Assert.StartsWith("501", await client.SendAsync("RCPT TO:b@example.jp"));
        Assert.StartsWith("250", await client.SendAsync("RSET"));
        Assert.StartsWith("503", await client.SendAsync("RCPT TO:<b@example.jp>"));
        Assert.StartsWith("250", await client.SendAsync("NOOP"));
        Assert.StartsWith("502", await client.SendAsync("AUTH PLAIN")); // no credentials configured
        Assert.StartsWith("500", await client.SendAsync("HELP"));
    }

    [Fact]
    public async Task WaitForMessages_times_out_saying_what_arrived()
    {
        await using var sink = await SmtpSink.StartAsync();

        var e = await Assert.ThrowsAsync<TimeoutException>(() => sink.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(50), Ct));
        Assert.Contains("received 0", e.Message);
    }

    [Theory]
    [InlineData("=?utf-8?B?5LmX44Gj5Y+W44KK?=", "乗っ取り")]
    [InlineData("=?UTF-8?Q?=E3=81=AA=E3=82=8A_=E3=81=99=E3=81=BE=E3=81=97?=", "なり すまし")]
    [InlineData("=?utf-8?B?44Gq44KK?=\r\n =?utf-8?B?44GZ44G+44GX?=", "なりすまし")]
    [InlineData("Re: =?utf-8?B?54KO5LiK?= plain", "Re: 炎上 plain")]
    [InlineData("=?utf-8?B?not base64!?=", "=?utf-8?B?not base64!?=")]
    [InlineData("=?x-unknown?B?YQ==?=", "=?x-unknown?B?YQ==?=")]
    [InlineData("no words at all", "no words at all")]
    public void Decodes_encoded_words(string raw, string expected)
    {
        // Unfold first, as Parse does for a header.
        Assert.Equal(expected, MimeDecoder.DecodeHeader(raw.Replace("\r\n", "")));
    }

    [Fact]
    public void Joins_a_character_split_across_two_encoded_words()
    {
        var bytes = Encoding.UTF8.GetBytes("炎上");
        var raw = $"=?utf-8?B?{Convert.ToBase64String(bytes[..2])}?= =?utf-8?B?{Convert.ToBase64String(bytes[2..])}?=";
        Assert.Equal("炎上", MimeDecoder.DecodeHeader(raw));
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
}
