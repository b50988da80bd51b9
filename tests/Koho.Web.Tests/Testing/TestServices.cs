using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Testing;

/// <summary>Koho's core services (database, identity, audit, organisation) without the web host, as the CLI uses them.</summary>
public static class TestServices
{
    /// <summary>The audit chain's key in tests (production keeps its own outside the database).</summary>
    public static readonly string AuditKey = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("koho-tests"u8));

    public static ServiceProvider Build(TestDatabase database)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Koho:Database:Provider"] = database.ProviderName,
            ["ConnectionStrings:Koho"] = database.ConnectionString,
            [Koho.Web.Audit.AuditKey.KeySetting] = AuditKey,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddKohoCore();
        return services.BuildServiceProvider();
    }
}
