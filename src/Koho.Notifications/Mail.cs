namespace Koho.Notifications;

/// <summary>One plain-text e-mail. Subject and body are Japanese text; they are sent as UTF-8.</summary>
public sealed record MailMessageSpec(IReadOnlyList<string> To, string Subject, string TextBody);

/// <summary>The SMTP server Koho sends through (bound from configuration, hence settable properties).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name; null or empty means e-mail is not configured.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender's address (envelope and From header).</summary>
    public string From { get; set; } = "";

    /// <summary>The From header's display name (e.g. 「武蔵野市 秘書広報課」), RFC 2047-encoded when it is not ASCII.</summary>
    public string? FromName { get; set; }

    /// <summary>
    /// Upgrade the connection with STARTTLS (submission on port 587). System.Net.Mail has no implicit TLS, so port
    /// 465 cannot be used.
    /// </summary>
    public bool StartTls { get; set; }

    /// <summary>SMTP AUTH user (System.Net.Mail authenticates with AUTH LOGIN); null for no authentication.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>For the whole exchange with the server (connect, send, quit).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public override string ToString() =>
        $"SmtpOptions {{ Host = {Host}, Port = {Port}, From = {From}, StartTls = {StartTls}, UserName = {UserName}, Password = {(Password is null ? "null" : "***")} }}";
}

public interface IMailSender
{
    /// <summary>Makes one attempt to hand the message to the server, and classifies the outcome.</summary>
    Task<DeliveryResult> SendAsync(MailMessageSpec message, CancellationToken ct);

    /// <summary>False when no server is configured: nothing should be queued for e-mail.</summary>
    bool IsConfigured { get; }
}
