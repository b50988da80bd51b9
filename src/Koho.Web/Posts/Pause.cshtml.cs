using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Posts.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>The stop-all switch: no scheduled post is published while a pause holds (all accounts, or one).</summary>
[Authorize(Policy = KohoPolicies.PausePublishing)]
public sealed class PauseModel(KohoDbContext db, PublishingPauses pauses) : PageModel
{
    public List<(PublishingPause Pause, string? AccountName)> Active { get; private set; } = [];
    public List<OfficialAccount> Accounts { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = Done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid? accountId, string? reason, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var result = await pauses.PauseAsync(me.TenantId, accountId, reason, me.Actor, ct);
        return await AfterAsync(result, "投稿を停止しました。解除するまで、予約した投稿は公開されません。", ct);
    }

    public async Task<IActionResult> OnPostResumeAsync(Guid pauseId, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var result = await pauses.ResumeAsync(me.TenantId, pauseId, me.Actor, ct);
        return await AfterAsync(result, "停止を解除しました。予定時刻を過ぎた承認済みの投稿は、すぐに公開されます。", ct);
    }

    private async Task<IActionResult> AfterAsync(Result<PublishingPause> result, string message, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Done = message;
            return Redirect("/posts/pause");
        }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Active = await pauses.ActiveAsync(ct);
        Accounts = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status == AccountStatus.Operating || a.Status == AccountStatus.SuspensionNoticed)
            .OrderBy(a => a.Name).ToListAsync(ct);
    }
}
