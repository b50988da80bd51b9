using Microsoft.AspNetCore.Authorization;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Posts;

/// <summary>投稿一覧: the user's own posts and those of the accounts they draft for or approve.</summary>
public sealed class PostsIndexModel(KohoDbContext db, GuidelinePackService packs, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)] public PostStatus? Status { get; set; }
    public List<PostsQueries.Row> Rows { get; private set; } = [];
    public bool CanDraft { get; private set; }
    public bool CanPause { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        Rows = await PostsQueries.ListAsync(db, User, pack, Status is { } s && Enum.IsDefined(s) ? s : null, 200, ct);
        CanDraft = (await PostPages.DraftableAsync(db, User, ct)).Count > 0;
        CanPause = (await authorization.AuthorizeAsync(User, KohoPolicies.PausePublishing)).Succeeded;
    }
}
