using Quartz;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// The scheduler's one job: every few seconds, publish what is due. Never two at once on a node; on PostgreSQL the
/// clustered job store fires it on one node at a time, and the targets' leases keep even overlapping runs apart.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PublishDueJob(Publisher publisher, Microsoft.Extensions.Options.IOptions<PublishingOptions> options, ILogger<PublishDueJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // In a cluster any node may take a firing of the shared trigger; one where publishing is off uses it up doing nothing
        // (the next firings, seconds later, land on other nodes). Give every scheduler node the same jobs to avoid the gaps.
        if (!options.Value.Enabled) return;
        var worked = await publisher.RunOnceAsync(cancellationToken);
        if (worked > 0) log.LogInformation("Publisher worked on {Targets} targets", worked);
    }
}
