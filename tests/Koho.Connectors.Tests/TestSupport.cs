using Koho.FakePlatforms;

namespace Koho.Connectors.Tests;

internal static class TestSupport
{
    /// <summary>A whole second, so epoch-second rate-limit headers convert back to exact delays.</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 30, 0, TimeSpan.Zero);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static HttpClient Http(TimeSpan? timeout = null) => new() { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    public static Task<FakePlatformServer> StartAsync(Network network, TimeProvider? time = null, FakePlatformOptions? options = null) =>
        FakePlatform.StartAsync(network, options ?? new FakePlatformOptions { TimeProvider = time ?? TimeProvider.System }, Ct);

    public static PublishRequest Request(Connection connection, string text, IReadOnlyList<MediaItem>? media = null, DateTimeOffset? createdAt = null, Guid? key = null) =>
        new(connection, key ?? Guid.NewGuid(), text, media ?? [], createdAt ?? DateTimeOffset.UtcNow);

    /// <summary>An image as Koho.Web has it before it is hosted anywhere: bytes, no public URL.</summary>
    public static MediaItem UnhostedImage(string alt = "避難所の地図") => Image(alt: alt) with { PublicUrl = null };

    public static MediaItem Image(string name = "photo.png", string alt = "避難所の地図") =>
        new("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4], alt, new Uri("https://koho.example.jp/media/" + name));

    /// <summary>Asserts that no secret of the connection appears in anything the connector returned.</summary>
    public static void NoSecretIn(Connection connection, object result)
    {
        var text = result.ToString()!;
        foreach (var secret in connection.Secrets.Values)
        {
            if (secret.Length >= 4) Assert.DoesNotContain(secret, text);
        }
    }

    /// <summary>Asserts the connector never put a credential into a URL the fake saw.</summary>
    public static void NoSecretInUrls(FakePlatformServer fake, Connection connection)
    {
        foreach (var logged in fake.Counters.Log)
        {
            foreach (var secret in connection.Secrets.Values)
            {
                if (secret.Length >= 4) Assert.DoesNotContain(secret, logged.PathAndQuery);
            }
        }
    }
}
