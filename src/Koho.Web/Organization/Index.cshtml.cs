using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Organization;

public sealed class OrganizationIndexModel(KohoDbContext db, OrganizationService org, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<DepartmentTree.Node> Tree { get; private set; } = [];
    public Dictionary<Guid, int> MemberCounts { get; private set; } = [];
    public bool IsAdministrator => User.IsInRole(KohoRoles.Administrator);
    public string? Name { get; private set; }
    public Guid? ParentId { get; private set; }
    public string? Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? name, Guid? parentId)
    {
        if (!IsAdministrator) return Forbid();
        var me = CurrentUser.From(User);
        var result = await org.CreateDepartmentAsync(me.TenantId, name ?? "", parentId, me.Actor);
        if (result.Succeeded)
        {
            Saved = string.Format(L["「{0}」を追加しました。"], result.Value!.Name);
        }
        else
        {
            Errors.AddRange(result.Errors);
            Name = name;
            ParentId = parentId;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Tree = await DepartmentTree.LoadAsync(db);
        MemberCounts = await db.TenantUsers.Where(u => u.DepartmentId != null)
            .GroupBy(u => u.DepartmentId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count);
    }
}
