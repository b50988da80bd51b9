using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Audit;

public sealed class AuditIndexModel(KohoDbContext db, AuditTrail trail, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    // "p", not "page": Razor Pages keeps "page" as a route value of its own, which would always win.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

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
        PageNumber = Math.Clamp(PageNumber, 1, AuditSearch.MaxPage);
        (Rows, Total) = await AuditSearch.PageAsync(db, new AuditFilter(From, To, Actor, Action, Target), PageNumber);
    }

    /// <summary>CSV of the filtered trail. A POST (with antiforgery), because taking a copy is itself recorded.</summary>
    public async Task<IActionResult> OnPostExportAsync()
    {
        var me = CurrentUser.From(User);
        var filter = new AuditFilter(From, To, Actor, Action, Target);
        await trail.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "audit.exported", "audit-trail", me.TenantId.ToString(),
            After: AuditSummary.Of(filter)));
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"koho-audit-{JapaneseDates.ToJst(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv\"";
        await AuditSearch.WriteCsvAsync(db, filter, Response.Body, HttpContext.RequestAborted);
        return new EmptyResult(); // the CSV is the response; no page to render
    }
}
