using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Organization;

public sealed class UsersModel(KohoDbContext db, OrganizationService org, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<UserRow> Rows { get; private set; } = [];
    public List<DepartmentTree.Node> Tree { get; private set; } = [];
    public List<(string Role, string Label)> RoleChoices { get; private set; } = [];
    public UserInput Input { get; private set; } = new();
    public string? Saved { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(UserInput input, string? password)
    {
        var me = CurrentUser.From(User);
        var result = await org.CreateUserAsync(me.TenantId,
            new NewUser(input.UserName ?? "", input.DisplayName ?? "", input.Email, input.DepartmentId, input.Roles, password ?? ""), me.Actor);
        if (result.Succeeded)
        {
            Saved = string.Format(L["{0} さんを追加しました。"], result.Value!.DisplayName);
        }
        else
        {
            Errors.AddRange(result.Errors);
            Input = input;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var tenantId = CurrentUser.From(User).TenantId;
        var offices = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Offices).FirstAsync();
        RoleChoices = KohoRoles.All.Select(r => (r, KohoRoles.Label(r, offices))).ToList();
        Tree = await DepartmentTree.LoadAsync(db);
        var paths = Tree.ToDictionary(d => d.Id, d => d.Name);
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               join u in db.TenantUsers on ur.UserId equals u.Id
                               select new { ur.UserId, r.Name }).ToListAsync();
        var rolesByUser = roleNames.ToLookup(x => x.UserId, x => KohoRoles.Label(x.Name!, offices));
        var now = clock.GetUtcNow();
        Rows = (await db.TenantUsers.AsNoTracking().OrderBy(u => u.UserName).ToListAsync())
            .Select(u => new UserRow(u.Id, u.DisplayName, u.UserName!,
                u.DepartmentId is { } d ? paths.GetValueOrDefault(d) : null,
                rolesByUser[u.Id].ToList(), u.TwoFactorEnabled, u.LockoutEnd > now))
            .ToList();
    }

    public sealed record UserRow(Guid Id, string DisplayName, string UserName, string? Department, List<string> Roles, bool TwoFactor, bool LockedOut);
}

public sealed class UserInput
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public Guid? DepartmentId { get; set; }
    public List<string> Roles { get; set; } = [];
}
