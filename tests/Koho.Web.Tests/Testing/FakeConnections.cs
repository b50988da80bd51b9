using Koho.FakePlatforms;
using Koho.Web.Audit;
using Koho.Web.Posts.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Testing;

/// <summary>Points an official account's API connection at a fake platform (as its manager would on the account page).</summary>
public static class FakeConnections
{
    public static async Task ConnectAsync(IServiceProvider services, Guid tenantId, Guid accountId, FakePlatformServer fake, CancellationToken ct)
    {
        var connection = fake.CreateConnection();
        var set = await services.GetRequiredService<CredentialVault>().SetAsync(tenantId, accountId, connection.AccountId, fake.BaseUrl.ToString(),
            connection.Secrets.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), AuditActor.System, ct);
        Assert.True(set.Succeeded, string.Join(" / ", set.Errors));
    }
}
