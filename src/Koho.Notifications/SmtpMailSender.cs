using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Koho.Notifications;

/// <summary>
/// Sends plain-text UTF-8 e-mail with System.Net.Mail (MailKit is not available here). One SmtpClient per message:
/// an SmtpClient cannot send two messages at once, and a notification burst is small.
/// </summary>
public sealed class SmtpMailSender(SmtpOptions options) : IMailSender
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Host);

    public async Task<DeliveryResult> SendAsync(MailMessageSpec message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsConfigured) return new DeliveryResult.Failed("SMTP サーバーが設定されていません");
        if (message.To.Count == 0) return new DeliveryResult.Failed("宛先がありません");

        if (!TryAddress(options.From, options.FromName, out var from))
            return new DeliveryResult.Failed($"送信元アドレス「{options.From}」の形式が正しくありません。SMTP の設定を確認してください。");
        using var mail = new MailMessage { From = from };
        foreach (var to in message.To)
        {
            if (!TryAddress(to, null, out var address))
                return new DeliveryResult.Failed($"宛先アドレス「{to}」の形式が正しくありません");
            // The client speaks 7-bit SMTP (so that headers are RFC 2047-encoded); an address whose local part is
            // not ASCII would need SMTPUTF8 end to end, which most municipal mail systems do not offer.
            if (!Ascii.IsValid(address.User))
                return new DeliveryResult.Failed($"宛先アドレス「{to}」には日本語などの ASCII 以外の文字が含まれているため送信できません");
            mail.To.Add(address);
        }

        // A header cannot span lines; System.Net.Mail would throw on a line break in the subject.
        mail.Subject = message.Subject.ReplaceLineEndings(" ");
        mail.SubjectEncoding = Encoding.UTF8;
        mail.HeadersEncoding = Encoding.UTF8;
        // RFC 5322 text is CRLF-delimited; base64 keeps the UTF-8 intact through any relay.
        mail.Body = message.TextBody.ReplaceLineEndings("\r\n");
        mail.BodyEncoding = Encoding.UTF8;
        mail.BodyTransferEncoding = TransferEncoding.Base64;
        mail.IsBodyHtml = false;
        // System.Net.Mail adds no Message-ID (some filters score that as spam); Auto-Submitted keeps out-of-office
        // replies from answering an automatic notification (RFC 3834).
        mail.Headers["Message-ID"] = $"<{Guid.NewGuid():N}@{from.Host}>";
        mail.Headers["Auto-Submitted"] = "auto-generated";

        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 30);
        using var client = new SmtpClient(options.Host, options.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            DeliveryFormat = SmtpDeliveryFormat.SevenBit,
            EnableSsl = options.StartTls,
            Timeout = (int)timeout.TotalMilliseconds,
            UseDefaultCredentials = false,
            Credentials = string.IsNullOrEmpty(options.UserName) ? null : new NetworkCredential(options.UserName, options.Password ?? ""),
        };
        // Older runtimes apply SmtpClient.Timeout to the synchronous Send only: cancellation bounds the async path too.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await client.SendMailAsync(mail, cts.Token).ConfigureAwait(false);
            return new DeliveryResult.Delivered();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return TimedOut(timeout);
        }
        catch (SmtpFailedRecipientsException e)
        {
            return Recipients(e.InnerExceptions, message.To.Count);
        }
        catch (SmtpFailedRecipientException e)
        {
            return Recipients([e], message.To.Count);
        }
        catch (SmtpException e) when (e.StatusCode == SmtpStatusCode.GeneralFailure && e.InnerException is null
                                      && TimeProvider.System.GetElapsedTime(started) >= timeout - TimeSpan.FromMilliseconds(100))
        {
            // SmtpClient's own timeout (since .NET 10 also on the async path): a GeneralFailure with nothing inside,
            // told apart from configuration errors of the same shape only by the time it took.
            return TimedOut(timeout);
        }
        catch (SmtpException e)
        {
            return Classify(e);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return new DeliveryResult.Retry(null, $"SMTP サーバー（{Server}）との接続が切れました");
        }
        catch (AuthenticationException)
        {
            return new DeliveryResult.Failed($"SMTP サーバー（{Server}）と TLS で接続できませんでした。証明書と STARTTLS の設定を確認してください。");
        }
    }

    private string Server => $"{options.Host}:{options.Port}";

    private DeliveryResult.Retry TimedOut(TimeSpan timeout) =>
        new(null, $"SMTP サーバー（{Server}）が {timeout.TotalSeconds:0} 秒以内に応答しませんでした");

    private static bool TryAddress(string address, string? displayName, out MailAddress result)
    {
        result = null!;
        if (string.IsNullOrWhiteSpace(address)) return false;
        try
        {
            result = string.IsNullOrEmpty(displayName)
                ? new MailAddress(address.Trim())
                : new MailAddress(address.Trim(), displayName, Encoding.UTF8);
            // MailAddress also accepts "Name <addr>"; a recipient must be the bare address it names.
            return string.Equals(result.Address, address.Trim(), StringComparison.OrdinalIgnoreCase);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Some or all recipients refused at RCPT TO. When some were accepted the message has already gone to them: a
    /// retry would send it to them again, so it is reported as Failed naming the refused addresses.
    /// </summary>
    private DeliveryResult Recipients(IReadOnlyCollection<SmtpFailedRecipientException> refused, int total)
    {
        var detail = string.Join("、", refused.Select(r => $"{r.FailedRecipient?.Trim('<', '>')}（{(int)r.StatusCode}）"));
        if (refused.Count < total)
            return new DeliveryResult.Failed($"一部の宛先には送信しましたが、次の宛先は SMTP サーバーに拒否されました: {detail}");
        if (refused.All(r => IsTransient(r.StatusCode)))
            return new DeliveryResult.Retry(null, $"SMTP サーバーが宛先を一時的に受け付けませんでした: {detail}{ServerText(refused.First())}");
        return new DeliveryResult.Failed($"SMTP サーバーが宛先を拒否しました: {detail}{ServerText(refused.First(r => !IsTransient(r.StatusCode)))}");
    }

    private DeliveryResult Classify(SmtpException e)
    {
        var code = (int)e.StatusCode;
        if (code is >= 400 and < 500)
            return new DeliveryResult.Retry(null, $"SMTP サーバー（{Server}）が一時的に受け付けませんでした（{code}）{ServerText(e)}");
        if (code is 530 or 534 or 535 or 538)
            return new DeliveryResult.Failed($"SMTP サーバー（{Server}）の認証に失敗しました（{code}）。ユーザー名とパスワードの設定を確認してください。");
        if (code is >= 500 and < 600)
            return new DeliveryResult.Failed($"SMTP サーバー（{Server}）が送信を拒否しました（{code}）{ServerText(e)}");

        // GeneralFailure: no SMTP reply. Network trouble is worth another try; anything else (the server offers no
        // STARTTLS, a TLS handshake refused) is a configuration problem that retrying will not fix.
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
                return new DeliveryResult.Failed($"SMTP サーバー（{Server}）と TLS で接続できませんでした。証明書と STARTTLS の設定を確認してください。");
            if (inner is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
                return new DeliveryResult.Retry(null, $"SMTP サーバー（{Server}）の名前を解決できませんでした");
            if (inner is SocketException or IOException or TimeoutException)
                return new DeliveryResult.Retry(null, $"SMTP サーバー（{Server}）に接続できないか、接続が切れました");
        }
        if (options.StartTls)
            return new DeliveryResult.Failed($"SMTP サーバー（{Server}）とのやり取りに失敗しました。STARTTLS に対応しているか確認してください。{ServerText(e)}");
        return new DeliveryResult.Failed($"SMTP サーバー（{Server}）とのやり取りに失敗しました{ServerText(e)}");
    }

    private static bool IsTransient(SmtpStatusCode code) => (int)code is >= 400 and < 500;

    /// <summary>The server's own words, shortened, with the password taken out in case a server echoes it.</summary>
    private string ServerText(SmtpException e)
    {
        var text = e.Message.ReplaceLineEndings(" ").Trim();
        if (options.Password is { Length: >= 3 } password)
        {
            text = text.Replace(password, "***", StringComparison.Ordinal)
                       .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), "***", StringComparison.Ordinal);
        }
        if (text.Length > 200) text = text[..200] + "…";
        return text.Length == 0 ? "" : $"（{text}）";
    }
}
