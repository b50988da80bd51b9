namespace Koho.Web.Posts;

/// <summary>A post's state once its targets have run their course — one rule for the publisher and for staff's records.</summary>
public static class PostOutcome
{
    /// <summary>Target states that will not change by themselves (手動投稿待ち waits for a person, so it has not ended).</summary>
    public static readonly TargetStatus[] Ended =
        [TargetStatus.Published, TargetStatus.Failed, TargetStatus.Cancelled, TargetStatus.Deleted, TargetStatus.AwaitingDeletion];

    /// <summary>公開済 when every target is out (or withdrawn), 公開失敗 when one failed and the rest ended, else null (still going).</summary>
    public static PostStatus? Of(IReadOnlyCollection<TargetStatus> targets)
    {
        if (targets.Count == 0 || !targets.All(Ended.Contains)) return null;
        return targets.Any(t => t == TargetStatus.Failed) ? PostStatus.Failed : PostStatus.Published;
    }
}
