using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.PublicDirectory;

/// <summary>なりすまし注意 on the public directory: raised and cleared by the PR office (and the IT office).</summary>
[Authorize(Policy = KohoPolicies.WarnImpersonation)]
public sealed class WarningsModel(KohoDbContext db, ImpersonationWarnings warnings, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<ImpersonationWarning> Active { get; private set; } = [];
    public List<ImpersonationWarning> Cleared { get; private set; } = [];
    public List<OfficialAccount> Accounts { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];
    public string Municipality { get; private set; } = "";
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = Done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Platform? platform, string? handle, Guid? genuineAccountId, string? message, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var result = await warnings.RaiseAsync(me.TenantId, platform, handle, genuineAccountId, message, me.Actor, ct);
        if (result.Succeeded)
        {
            Done = L["公開一覧になりすましの注意を掲載しました。"];
            return Redirect("/accounts/impersonation");
        }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostClearAsync(Guid warningId, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var result = await warnings.ClearAsync(me.TenantId, warningId, me.Actor, ct);
        if (result.Succeeded)
        {
            Done = L["なりすましの注意を解除しました。"];
            return Redirect("/accounts/impersonation");
        }
        Errors.AddRange(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await db.ImpersonationWarnings.AsNoTracking().OrderByDescending(w => w.RaisedAt).Take(200).ToListAsync(ct);
        Active = all.Where(w => w.ClearedAt is null).ToList();
        Cleared = all.Where(w => w.ClearedAt is not null).Take(50).ToList();
        Accounts = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status != AccountStatus.Deleted).OrderBy(a => a.Name).ToListAsync(ct);
        AccountNames = Accounts.ToDictionary(a => a.Id, a => a.Name);
        Municipality = await db.Tenants.AsNoTracking().Where(t => t.Id == CurrentUser.From(User).TenantId).Select(t => t.Name).FirstAsync(ct);
    }
}
