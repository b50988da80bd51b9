using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Organization;

public sealed class UserEditModel(KohoDbContext db, OrganizationService org, IStringLocalizer<SharedResource> L) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public Guid? DepartmentId { get; private set; }
    public List<string> Roles { get; private set; } = [];
    public List<DepartmentTree.Node> Tree { get; private set; } = [];
    public List<(string Role, string Label)> RoleChoices { get; private set; } = [];
    public string? Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? departmentId, List<string> roles)
    {
        var me = CurrentUser.From(User);
        var result = await org.UpdateUserAsync(me.TenantId, id, departmentId, roles, me.Actor);
        if (!result.Succeeded && !await db.TenantUsers.AnyAsync(u => u.Id == id)) return NotFound();
        if (result.Succeeded) Saved = L["保存しました。"];
        else Errors.AddRange(result.Errors);
        await LoadAsync(id);
        if (!result.Succeeded)
        {
            DepartmentId = departmentId;
            Roles = roles;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var user = await db.TenantUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id);
        if (user is null) return false;
        DisplayName = user.DisplayName;
        UserName = user.UserName!;
        DepartmentId = user.DepartmentId;
        Roles = await org.RolesOfAsync(id);
        Tree = await DepartmentTree.LoadAsync(db);
        var offices = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Offices).FirstAsync();
        RoleChoices = KohoRoles.All.Select(r => (r, KohoRoles.Label(r, offices))).ToList();
        return true;
    }
}
