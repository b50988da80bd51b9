using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Posts;

/// <summary>承認待ち: the posts waiting for this user's decision, ordered by when they are due.</summary>
public sealed class PostApprovalsModel(KohoDbContext db, GuidelinePackService packs) : PageModel
{
    public List<PostsQueries.Row> Rows { get; private set; } = [];
    public string ApproverName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        ApproverName = PostService.ApproverName(pack);
        Rows = await PostsQueries.QueueAsync(db, User, pack, ct);
    }
}
