namespace Koho.Web.Posts;

/// <summary>
/// The post's state machine. Publication itself (承認済 → 公開処理中 → 公開済 / 公開失敗) is driven by the publisher;
/// people move posts between draft and approval.
/// </summary>
public static class PostLifecycle
{
    private static readonly Dictionary<PostStatus, PostStatus[]> Moves = new()
    {
        [PostStatus.Draft] = [PostStatus.Submitted],
        [PostStatus.Returned] = [PostStatus.Submitted],
        [PostStatus.Submitted] = [PostStatus.Approved, PostStatus.Returned, PostStatus.Rejected, PostStatus.Expired],
        // An edit after approval voids it (back to draft); otherwise the publisher takes it when due.
        [PostStatus.Approved] = [PostStatus.Draft, PostStatus.Publishing],
        [PostStatus.Publishing] = [PostStatus.Published, PostStatus.Failed],
        [PostStatus.Failed] = [PostStatus.Publishing],
        [PostStatus.Rejected] = [],
        [PostStatus.Expired] = [],
        [PostStatus.Published] = [],
    };

    /// <summary>Whose text can still change: drafts, returned and waiting posts, and approved ones (voiding the approval).</summary>
    public static bool Editable(PostStatus s) => s is PostStatus.Draft or PostStatus.Returned or PostStatus.Submitted or PostStatus.Approved;

    public static string? Refusal(PostStatus from, PostStatus to)
    {
        if (Moves[from].Contains(to)) return null;
        return $"「{from.Label()}」の投稿を「{to.Label()}」にはできません。";
    }
}
