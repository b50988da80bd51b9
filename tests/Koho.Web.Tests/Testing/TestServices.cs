using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Testing;

/// <summary>Koho's core services (database, identity, audit, organisation) without the web host, as the CLI uses them.</summary>
public static class TestServices
{
    public static ServiceProvider Build(TestDatabase database)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Koho:Database:Provider"] = database.ProviderName,
            ["ConnectionStrings:Koho"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddKohoCore();
        return services.BuildServiceProvider();
    }
}
