using Koho.Connectors;
using Quartz;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// The publisher, its connectors and the scheduler. On PostgreSQL Quartz keeps its schedule in the same database and
/// runs clustered (every node takes part, each firing happens on one node; Quartz creates its qrtz_ tables when they
/// are missing); on the embedded SQLite default it keeps the schedule in memory — the posts themselves and every
/// attempt are in Koho's own tables either way, so nothing is lost on a restart.
/// </summary>
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
        if (!options.Enabled) return services;

        var connection = configuration.GetConnectionString("Koho");
        services.AddQuartz(q =>
        {
            q.AddJob<PublishDueJob>(j => j.WithIdentity("publish-due", "koho").DisallowConcurrentExecution());
            q.AddTrigger<PublishDueJob>(t => t.ForJob("publish-due", "koho").WithIdentity("publish-due", "koho").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.IntervalSeconds))).RepeatForever()));
            if (Database.DatabaseSetup.ProviderName(configuration) == Database.DatabaseSetup.PostgresProvider && !string.IsNullOrEmpty(connection))
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(connection);
                    s.UseSystemTextJsonSerializer();
                    s.UseClustering();
                    s.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
