using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>Every platform: credentials it refuses end in a clear failure that never repeats the secret, and nothing is posted.</summary>
public sealed class CredentialRefusalTests
{
    [Theory]
    [InlineData(Network.X)]
    [InlineData(Network.Line)]
    [InlineData(Network.Mastodon)]
    [InlineData(Network.Bluesky)]
    public async Task Refused_credentials_are_Failed_without_the_secret_in_the_result(Network network)
    {
        await using var fake = await StartAsync(network);
        using var http = Http();
        var c = fake.CreateConnectionWithWrongCredentials();

        var result = await new ConnectorFactory(http).For(network).PublishAsync(Request(c, "【市からのお知らせ】明日は燃えるごみの収集日です。"), Ct);

        Assert.Equal(401, Assert.IsType<PublishResult.Failed>(result).StatusCode);
        NoSecretIn(c, result);
        Assert.Empty(fake.Posts.All);
    }
}
