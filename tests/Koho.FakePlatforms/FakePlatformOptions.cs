using System.Security.Cryptography;

namespace Koho.FakePlatforms;

/// <summary>How one fake platform is set up. Credentials are random per server unless given, so a test can tell its token apart.</summary>
public sealed class FakePlatformOptions
{
    /// <summary>The one credential the fake accepts: X bearer token, Facebook/Instagram access token, LINE channel access token, Mastodon access token.</summary>
    public string Token { get; init; } = "fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>X user id, Facebook page id, Instagram user id, Mastodon account id (a default per platform when null). Bluesky uses <see cref="Handle"/>/<see cref="Did"/>.</summary>
    public string? AccountId { get; init; }

    public string Handle { get; init; } = "koho-test.bsky.social";
    public string Did { get; init; } = "did:plc:kohotestcityabcdefghijkl";

    /// <summary>Bluesky app password (xxxx-xxxx-xxxx-xxxx).</summary>
    public string AppPassword { get; init; } = string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 4)));

    /// <summary>The fake's clock for stored times, rate-limit resets, token expiry and idempotency windows (not for injected latency).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the platform specifications are; by default ../shared/platform-specs beside the repository root.</summary>
    public string? SpecsDirectory { get; init; }

    /// <summary>Requests allowed per window before the fake answers 429 by itself (the counts appear in the rate-limit headers).</summary>
    public int RateLimit { get; init; } = 300;
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>X and Facebook refuse identical text posted within this long.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Mastodon instance's max_characters.</summary>
    public int MastodonMaxCharacters { get; init; } = 500;

    /// <summary>Bluesky accessJwt lifetime.</summary>
    public TimeSpan BlueskyAccessTokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Fixed port (0 = any free one).</summary>
    public int Port { get; init; }
}
