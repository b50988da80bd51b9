using Quartz;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// The scheduler's one job: every few seconds, publish what is due. Never two at once on a node; on PostgreSQL the
/// clustered job store fires it on one node at a time, and the targets' leases keep even overlapping runs apart.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PublishDueJob(Publisher publisher, ILogger<PublishDueJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var worked = await publisher.RunOnceAsync(cancellationToken);
        if (worked > 0) log.LogInformation("Publisher worked on {Targets} targets", worked);
    }
}
