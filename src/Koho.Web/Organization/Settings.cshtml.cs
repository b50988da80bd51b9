using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Organization;

public sealed class SettingsModel(KohoDbContext db, OrganizationService org, IStringLocalizer<SharedResource> L) : PageModel
{
    public string TenantName { get; private set; } = "";
    public string TenantCode { get; private set; } = "";
    public OfficeNames Offices { get; private set; } = new();
    public bool RequireTwoFactor { get; private set; }
    public string? Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(OfficeNames offices, bool requireTwoFactor)
    {
        var me = CurrentUser.From(User);
        var result = await org.UpdateSettingsAsync(me.TenantId, offices, requireTwoFactor, me.Actor);
        await LoadAsync();
        if (result.Succeeded)
        {
            Saved = L["保存しました。"];
        }
        else
        {
            Errors.AddRange(result.Errors);
            Offices = offices;
            RequireTwoFactor = requireTwoFactor;
        }
        return Page();
    }

    private async Task LoadAsync()
    {
        var tenantId = CurrentUser.From(User).TenantId;
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId);
        TenantName = tenant.Name;
        TenantCode = tenant.Code;
        Offices = tenant.Offices;
        RequireTwoFactor = tenant.RequireTwoFactorForApprovers;
    }
}
