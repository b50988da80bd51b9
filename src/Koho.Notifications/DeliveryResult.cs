namespace Koho.Notifications;

/// <summary>
/// The outcome of one attempt to deliver one notification. Senders never retry on their own: the caller (the outbox)
/// records the attempt and schedules the next one. Reasons are in Japanese, for staff, and never contain a password,
/// a signing secret or a webhook URL's path or query (which often carry a token).
/// </summary>
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    /// <summary>The server or receiver accepted it.</summary>
    public sealed record Delivered : DeliveryResult;

    /// <summary>Not accepted, and trying again later may work (4xx SMTP replies, 429/5xx, network errors, timeouts).
    /// <paramref name="After"/> when the other side said how long to wait (Retry-After).</summary>
    public sealed record Retry(TimeSpan? After, string Reason) : DeliveryResult;

    /// <summary>Refused for good (5xx SMTP replies, bad address, 4xx HTTP, bad configuration): a person must act.</summary>
    public sealed record Failed(string Reason) : DeliveryResult;
}
