using System.Globalization;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Koho.Web.Contractors;

/// <summary>Registering an outside organisation (the responsible department's 所属長, the PR office, administrators).</summary>
public sealed class NewContractorModel(KohoDbContext db, OutsideOrganizations organizations, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public OutsideKind? Kind { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? PeriodFrom { get; set; }
    [BindProperty] public string? PeriodTo { get; set; }
    [BindProperty] public Guid? DepartmentId { get; set; }
    [BindProperty] public Guid? AccountManagerId { get; set; }
    public List<DepartmentTree.Node> Departments { get; private set; } = [];
    public List<(KohoUser Manager, string Department)> Managers { get; private set; } = [];
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateOnly? Date(string? s, string label)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            Errors.Add(string.Format(L["{0}の日付を正しく入力してください。"], label));
            return null;
        }
        var from = Date(PeriodFrom, L["期間の始め"]);
        var to = Date(PeriodTo, L["期間の終わり"]);
        if (Errors.Count == 0)
        {
            var result = await organizations.RegisterAsync(User, new OutsideOrganizationInput(Name, Kind, Service, from, to, DepartmentId, AccountManagerId), ct);
            if (result.Succeeded)
            {
                Done = L["団体を登録しました。任せる公式アカウントを選んでください。"];
                return Redirect($"/contractors/{result.Value!.Id}");
            }
            Errors.AddRange(result.Errors);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Departments = await DepartmentTree.LoadAsync(db, ct);
        var paths = Departments.ToDictionary(d => d.Id, d => d.Path);
        Managers = (await db.UsersInRole(KohoRoles.AccountManager).Where(u => u.DepartmentId != null).ToListAsync(ct))
            .Select(u => (u, paths.GetValueOrDefault(u.DepartmentId!.Value, ""))).OrderBy(x => x.Item2, StringComparer.Ordinal).ToList();
    }
}
