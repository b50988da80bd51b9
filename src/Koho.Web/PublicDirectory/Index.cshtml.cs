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
    public List<ImpersonationWarning> Warnings { get; private set; } = [];

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
        Accounts.Platform? platform = Enum.TryParse<Accounts.Platform>(Platform, true, out var p) && Enum.IsDefined(p) ? p : null;
        Departments = await DirectoryQueries.DepartmentsAsync(db, Municipality, ct);
        // A filter value that matches nothing goes back to the plain list: only real pages are cached, so made-up
        // values cannot fill the cache (a redirect is not cached).
        var badPlatform = !string.IsNullOrEmpty(Platform) && platform is null;
        var badDepartment = !string.IsNullOrEmpty(Department) && !Departments.Contains(Department);
        if (badPlatform || badDepartment)
        {
            var query = new List<string>();
            if (!badDepartment && !string.IsNullOrEmpty(Department)) query.Add("department=" + Uri.EscapeDataString(Department));
            if (!badPlatform && platform is not null) query.Add("platform=" + platform);
            return Redirect(Request.Path + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
        }
        Warnings = await ImpersonationWarnings.ActiveAsync(db, Municipality.Id, ct);
        Entries = await DirectoryQueries.ListAsync(db, Municipality, string.IsNullOrEmpty(Department) ? null : Department, platform, ct);
        return Page();
    }
}
