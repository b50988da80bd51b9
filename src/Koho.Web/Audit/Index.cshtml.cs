using Koho.Web.Database;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Audit;

public sealed class AuditIndexModel(KohoDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public List<AuditRecord> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + AuditSearch.PageSize - 1) / AuditSearch.PageSize);

    /// <summary>The current filters, for the export link and the pager (always starts with '?').</summary>
    public string QueryString => new QueryBuilder
    {
        { "from", From?.ToString("yyyy-MM-dd") ?? "" },
        { "to", To?.ToString("yyyy-MM-dd") ?? "" },
        { "actor", Actor ?? "" },
        { "action", Action ?? "" },
        { "target", Target ?? "" },
    }.ToString();

    public async Task OnGetAsync()
    {
        PageNumber = Math.Max(1, PageNumber);
        (Rows, Total) = await AuditSearch.PageAsync(db, new AuditFilter(From, To, Actor, Action, Target), PageNumber);
    }
}
