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
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookGuard.Handler(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.AllowLoopbackWebhooks));
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("webhooks"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<IncidentTimer>();
        return services;
    }
}

/// <summary>The escalation timer over every municipality: each runs in its own scope under its own tenant.</summary>
public sealed class IncidentTimer(IServiceScopeFactory scopes, ILogger<IncidentTimer> log)
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
            // One municipality's failure must not hold up the others' escalations.
            try
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
                count += await scope.ServiceProvider.GetRequiredService<EscalationChain>().EscalateOverdueAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Escalation timer failed for tenant {Tenant}", tenantId);
            }
        }
        return count;
    }
}

/// <summary>Every few seconds: escalate what nobody acknowledged in time, then send what is queued.</summary>
[DisallowConcurrentExecution]
public sealed class IncidentsDueJob(IncidentTimer timer, NotificationOutbox outbox, Microsoft.Extensions.Options.IOptions<NotificationOptions> options,
    ILogger<IncidentsDueJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return; // off on this node: this firing is skipped (see PublishDueJob)
        var escalated = await timer.RunOnceAsync(cancellationToken);
        var sent = await outbox.DeliverDueAsync(cancellationToken);
        if (escalated + sent > 0) log.LogInformation("Escalated {Escalated} levels, sent {Sent} notifications", escalated, sent);
    }
}
