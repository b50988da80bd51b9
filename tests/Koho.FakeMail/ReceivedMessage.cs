using System.Net.Mail;
using System.Text;

namespace Koho.FakeMail;

/// <summary>One message the sink accepted: the SMTP envelope, the data as received, and the parts tests look at, decoded.</summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(string from, IReadOnlyList<string> to, byte[] rawData, string? authenticatedUser, DateTimeOffset receivedAt)
    {
        From = from;
        To = to;
        RawData = rawData;
        AuthenticatedUser = authenticatedUser;
        ReceivedAt = receivedAt;

        var entity = MimeDecoder.Parse(Encoding.Latin1.GetString(rawData));
        HeaderList = [.. entity.Headers.Select(h => new KeyValuePair<string, string>(h.Key, MimeDecoder.DecodeHeader(h.Value)))];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in HeaderList) headers.TryAdd(name, value);
        Headers = headers;
        Subject = headers.GetValueOrDefault("Subject");
        TextBody = (MimeDecoder.TextBody(entity) ?? "").ReplaceLineEndings("\n");
    }

    /// <summary>The envelope sender (MAIL FROM), without angle brackets.</summary>
    public string From { get; }

    /// <summary>The envelope recipients that were accepted (RCPT TO), in order, without angle brackets.</summary>
    public IReadOnlyList<string> To { get; }

    /// <summary>The message as received, after dot-unstuffing, without the terminating ".".</summary>
    public byte[] RawData { get; }

    /// <summary><see cref="RawData"/> as text (UTF-8, as 8BITMIME and SMTPUTF8 allow).</summary>
    public string Data => Encoding.UTF8.GetString(RawData);

    /// <summary>The user name of a successful AUTH on the connection, or null.</summary>
    public string? AuthenticatedUser { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Every header in order, unfolded and RFC 2047-decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderList { get; }

    /// <summary>Headers by name (case-insensitive; the first of repeated headers), unfolded and RFC 2047-decoded.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The decoded Subject header, or null when there is none.</summary>
    public string? Subject { get; }

    /// <summary>The decoded From header as an address with its display name, or null when absent or unparsable.</summary>
    public MailAddress? FromHeader =>
        Headers.TryGetValue("From", out var from) && MailAddress.TryCreate(from, out var address) ? address : null;

    /// <summary>The text body (the message's, or the first text/plain part's) decoded, line breaks as "\n".</summary>
    public string TextBody { get; }

    public override string ToString() => $"From {From} to {string.Join(", ", To)}: {Subject}";
}
