using Koho.Notifications;
using Koho.Web.Database;
using Koho.Web.Notifications;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Koho.Web.Incidents;

public static class IncidentsSetup
{
    public static IServiceCollection AddKohoIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddScoped<IncidentScope>();
        services.AddScoped<EscalationChain>();
        services.AddScoped<IncidentService>();
        services.AddScoped<IncidentResponses>();
        services.AddScoped<IncidentQueries>();
        services.AddScoped<IncidentReport>();
        services.AddScoped<Notifier>();
        services.AddScoped<WebhookSettings>();
        services.AddSingleton<IMailSender>(sp =>
            new SmtpMailSender(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.Smtp));
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false });
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("webhooks"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<IncidentTimer>();
        return services;
    }
}

/// <summary>The escalation timer over every municipality: each runs in its own scope under its own tenant.</summary>
public sealed class IncidentTimer(IServiceScopeFactory scopes)
{
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        List<Guid> tenants;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
            tenants = await db.Incidents.IgnoreQueryFilters().Where(i => i.Status == IncidentStatus.Open).Select(i => i.TenantId).Distinct().ToListAsync(ct);
        }
        var count = 0;
        foreach (var tenantId in tenants)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
            count += await scope.ServiceProvider.GetRequiredService<EscalationChain>().EscalateOverdueAsync(ct);
        }
        return count;
    }
}

/// <summary>Every few seconds: escalate what nobody acknowledged in time, then send what is queued.</summary>
[DisallowConcurrentExecution]
public sealed class IncidentsDueJob(IncidentTimer timer, NotificationOutbox outbox, ILogger<IncidentsDueJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var escalated = await timer.RunOnceAsync(cancellationToken);
        var sent = await outbox.DeliverDueAsync(cancellationToken);
        if (escalated + sent > 0) log.LogInformation("Escalated {Escalated} levels, sent {Sent} notifications", escalated, sent);
    }
}
