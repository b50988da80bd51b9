using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Incidents;

/// <summary>The incident register (インシデント一覧) as the user may see it: open ones first, overdue steps and waiting acknowledgements marked.</summary>
public sealed class IncidentsIndexModel(IncidentQueries queries) : PageModel
{
    public List<IncidentRow> Rows { get; private set; } = [];
    public IncidentStatus? Status { get; private set; }
    public IncidentType? Type { get; private set; }

    public async Task OnGetAsync(IncidentStatus? status, IncidentType? type, CancellationToken ct)
    {
        Status = status is { } s && Enum.IsDefined(s) ? s : null;
        Type = type is { } t && Enum.IsDefined(t) ? t : null;
        Rows = (await queries.VisibleAsync(User, Status, Type, ct))
            .OrderBy(r => r.Incident.Status).ThenByDescending(r => r.Incident.Number).ToList();
    }
}
