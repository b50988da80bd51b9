using Koho.Web.Incidents;
using Koho.Web.Notifications;
using Koho.Web.Posts.Publishing;
using Koho.Web.Watch;
using Quartz;

namespace Koho.Web.Operations;

/// <summary>
/// The scheduler and its jobs: publishing what is due (posts), escalations and the notification outbox (incidents),
/// reading mentions (watch). On PostgreSQL Quartz keeps its schedule in the same database and runs clustered (every
/// node takes part, each firing happens on one node; Quartz creates its qrtz_ tables when they are missing); on the
/// embedded SQLite default it keeps the schedule in memory — the work itself is in Koho's own tables either way, so
/// nothing is lost on a restart. Each job can be turned off per node (<c>Koho:…:Enabled=false</c>).
/// </summary>
public static class Scheduling
{
    public static IServiceCollection AddKohoScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var publishing = configuration.GetSection(PublishingOptions.Section).Get<PublishingOptions>() ?? new PublishingOptions();
        var notifications = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        var watch = configuration.GetSection(WatchOptions.Section).Get<WatchOptions>() ?? new WatchOptions();
        if (!publishing.Enabled && !notifications.Enabled && !watch.Enabled) return services;

        var connection = configuration.GetConnectionString("Koho");
        services.AddQuartz(q =>
        {
            void Every<TJob>(string name, int seconds) where TJob : IJob
            {
                q.AddJob<TJob>(j => j.WithIdentity(name, "koho").DisallowConcurrentExecution());
                q.AddTrigger(t => t.ForJob(name, "koho").WithIdentity(name, "koho").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, seconds))).RepeatForever()));
            }
            if (publishing.Enabled) Every<PublishDueJob>("publish-due", publishing.IntervalSeconds);
            if (notifications.Enabled) Every<IncidentsDueJob>("incidents-due", notifications.IntervalSeconds);
            if (watch.Enabled) Every<WatchReadJob>("watch-read", watch.IntervalSeconds);
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
