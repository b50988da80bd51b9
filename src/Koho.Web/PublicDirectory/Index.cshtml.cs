using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Koho.Web.PublicDirectory;

/// <summary>
/// 公式アカウント一覧 for citizens: which accounts are genuinely the municipality's, searchable by department and
/// platform, each with its 運用ポリシー. No sign-in; cached.
/// </summary>
[AllowAnonymous]
[OutputCache(PolicyName = DirectoryEndpoints.CachePolicy)]
public sealed class DirectoryModel(KohoDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Platform { get; set; }

    public DirectoryQueries.Municipality? Municipality { get; private set; }
    public List<DirectoryQueries.Municipality> Municipalities { get; private set; } = [];
    public List<DirectoryQueries.Entry> Entries { get; private set; } = [];
    public List<string> Departments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Municipality = await DirectoryQueries.ResolveAsync(db, Code, ct);
        if (Municipality is null)
        {
            if (Code is not null) return NotFound();
            // Several municipalities in this deployment: let the visitor pick one.
            Municipalities = await DirectoryQueries.MunicipalitiesAsync(db, ct);
            return Page();
        }
        Accounts.Platform? platform = Enum.TryParse<Accounts.Platform>(Platform, true, out var p) ? p : null;
        Entries = await DirectoryQueries.ListAsync(db, Municipality, string.IsNullOrEmpty(Department) ? null : Department, platform, ct);
        Departments = await DirectoryQueries.DepartmentsAsync(db, Municipality, ct);
        return Page();
    }
}
