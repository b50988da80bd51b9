namespace Koho.Notifications.Tests;

internal static class TestSupport
{
    /// <summary>A whole second, so the webhook timestamp and sentAt are exact.</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 30, 0, TimeSpan.FromHours(9));

    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}

/// <summary>A clock that stands still (Microsoft.Extensions.TimeProvider.Testing is not in the package feed).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
