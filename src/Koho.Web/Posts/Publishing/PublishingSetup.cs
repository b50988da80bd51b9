using Koho.Connectors;

namespace Koho.Web.Posts.Publishing;

/// <summary>The publisher and its connectors; its job is scheduled by <see cref="Operations.Scheduling"/>.</summary>
public static class PublishingSetup
{
    public static IServiceCollection AddKohoPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublishingOptions>(configuration.GetSection(PublishingOptions.Section));
        var options = configuration.GetSection(PublishingOptions.Section).Get<PublishingOptions>() ?? new PublishingOptions();
        services.AddScoped<CredentialVault>();
        services.AddScoped<PublishingPauses>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<PublishSignal>();
        services.AddHttpClient("publishing", c => c.Timeout = TimeSpan.FromSeconds(options.CallTimeoutSeconds + 5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IConnectorFactory>(sp => new ConnectorFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("publishing"), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
