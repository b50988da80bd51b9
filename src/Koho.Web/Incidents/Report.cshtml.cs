using Koho.Web.Accounts.Documents;
using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

/// <summary>The closing report as a printable page and a .docx (same content, from <see cref="IncidentReport"/>).</summary>
public sealed class IncidentReportModel(KohoDbContext db, IncidentService incidents, IncidentScope scope, IncidentReport report) : PageModel
{
    public Guid Id { get; private set; }
    public AccountDocument Document { get; private set; } = null!;
    public bool Closed { get; private set; }
    public int Number { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetDocxAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return File(DocxWriter.Write(Document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"incident-{Number}.docx");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (incident is null || !await scope.CanViewAsync(User, incident, await incidents.OfficesAsync(id, ct), ct)) return false;
        Id = id;
        Closed = incident.Status == IncidentStatus.Closed;
        Number = incident.Number;
        Document = await report.BuildAsync(incident, ct);
        return true;
    }
}
