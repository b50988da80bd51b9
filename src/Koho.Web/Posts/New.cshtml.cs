using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Posts;

/// <summary>A new post: written here, saved as a draft, then edited and sent for approval on its own page.</summary>
public sealed class NewPostModel(KohoDbContext db, PostService posts, Packs.GuidelinePackService packs) : PageModel
{
    public List<OfficialAccount> Accounts { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [BindProperty] public PostForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? account, CancellationToken ct)
    {
        // An outside organisation's person confirms first (the guideline; their representative, the contract's clauses).
        if (await Contractors.OutsideReadiness.OfAsync(db, User, packs, ct) is { MayDraft: false })
            return Redirect("/contractors/confirm");
        Accounts = await PostPages.DraftableAsync(db, User, ct);
        if (account is { } a && Accounts.Any(x => x.Id == a)) Form.Accounts = [a];
        else if (Accounts.Count == 1) Form.Accounts = [Accounts[0].Id];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await posts.SaveAsync(User, null, null, Form.Input(), ct);
        if (result.Succeeded)
        {
            TempData["Done"] = "下書きを保存しました。";
            return Redirect($"/posts/{result.Value!.Id}");
        }
        Errors.AddRange(result.Errors);
        Accounts = await PostPages.DraftableAsync(db, User, ct);
        return Page();
    }
}

/// <summary>The editor's fields, as posted.</summary>
public sealed class PostForm
{
    public string? Text { get; set; }
    public PostKind Kind { get; set; }
    public DateTime? ScheduledAt { get; set; }
    public List<Guid> Accounts { get; set; } = [];

    public PostInput Input() => new(Text, Kind, PostPages.FromJstLocal(ScheduledAt), Accounts);
}
