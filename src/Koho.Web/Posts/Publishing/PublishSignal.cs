using Quartz;

namespace Koho.Web.Posts.Publishing;

/// <summary>Asks the scheduler to run the publisher now (an emergency post should not wait for the next round).</summary>
public sealed class PublishSignal(IServiceProvider services, ILogger<PublishSignal> log)
{
    public async Task PokeAsync(CancellationToken ct)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory) return; // scheduler off on this node: the next node's round takes it
        try
        {
            var scheduler = await factory.GetScheduler(ct);
            await scheduler.TriggerJob(new JobKey("publish-due", "koho"), ct);
        }
        catch (SchedulerException e)
        {
            log.LogWarning(e, "Could not trigger the publisher now; the next round publishes");
        }
    }
}
