using System.Security.Claims;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

/// <param name="AwaitingAcknowledgement">A level was told and has neither acknowledged nor been passed over.</param>
/// <param name="WaitingForMe">…and that level is one of the viewer's offices.</param>
/// <param name="MyOverdueSteps">Steps past their time that the viewer's offices do.</param>
public sealed record IncidentRow(Incident Incident, string? AccountName, string DepartmentName, int StepsDone, int StepsTotal, int OverdueSteps, bool AwaitingAcknowledgement,
    bool WaitingForMe = false, int MyOverdueSteps = 0);

public sealed record IncidentStatistics(int FiscalYear, IReadOnlyList<string> Departments, IReadOnlyDictionary<(IncidentType, string), int> Counts,
    int Total, int Open, double? MedianMinutesToAcknowledge, double? MedianHoursToClose, int EscalationsTimedOut, int StepsLate);

/// <summary>Reading incidents: the register as the user may see it, one incident with everything on it, the yearly statistics.</summary>
public sealed class IncidentQueries(KohoDbContext db, IncidentScope scope, TimeProvider time)
{
    public async Task<List<IncidentRow>> VisibleAsync(ClaimsPrincipal user, IncidentStatus? status, IncidentType? type, CancellationToken ct)
    {
        var viewer = await scope.ViewerAsync(user, ct);
        var query = db.Incidents.AsNoTracking();
        if (status is { } s) query = query.Where(i => i.Status == s);
        if (type is { } t) query = query.Where(i => i.Type == t);
        // Open ones first, so that the cap never hides an open incident behind closed ones.
        var incidents = (await query.ToListAsync(ct)).OrderBy(i => i.Status).ThenByDescending(i => i.Number).ToList();
        var chains = (await db.IncidentEscalations.AsNoTracking().Where(e => query.Select(i => i.Id).Contains(e.IncidentId))
            .Select(e => new { e.IncidentId, e.Office, e.NotifiedAt, e.AcknowledgedAt, e.TimedOutAt }).ToListAsync(ct)).ToLookup(x => x.IncidentId);
        var steps = (await db.IncidentSteps.AsNoTracking().Where(x => query.Select(i => i.Id).Contains(x.IncidentId))
            .Select(x => new { x.IncidentId, x.Actor, x.DoneAt, x.DueAt }).ToListAsync(ct)).ToLookup(x => x.IncidentId);
        var now = time.GetUtcNow();
        var accountNames = await db.OfficialAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var departmentNames = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var rows = new List<IncidentRow>();
        foreach (var i in incidents)
        {
            var chain = chains[i.Id].ToList();
            var st = steps[i.Id].ToList();
            if (!viewer.CanView(i, chain.Select(c => c.Office).Concat(st.Select(x => x.Actor)))) continue;
            var open = i.Status == IncidentStatus.Open;
            var waiting = open ? chain.Where(c => c.NotifiedAt != null && c.AcknowledgedAt == null && c.TimedOutAt == null).ToList() : [];
            var overdue = open ? st.Where(x => x.DoneAt == null && x.DueAt < now).ToList() : [];
            rows.Add(new IncidentRow(i, i.AccountId is { } a ? accountNames.GetValueOrDefault(a) : null, departmentNames.GetValueOrDefault(i.DepartmentId, "—"),
                st.Count(x => x.DoneAt != null), st.Count, overdue.Count, waiting.Count > 0,
                waiting.Any(c => viewer.Holds(i, c.Office)), overdue.Count(x => viewer.Holds(i, x.Actor))));
            if (rows.Count == 500) break;
        }
        return rows;
    }

    /// <summary>年度 statistics for the council: incidents by type and department, how fast they were acknowledged and closed.</summary>
    public async Task<IncidentStatistics> StatisticsAsync(int fiscalYear, CancellationToken ct)
    {
        var (startDay, endDay) = Shell.JapaneseDates.FiscalYearRange(fiscalYear);
        var start = new DateTimeOffset(startDay.ToDateTime(TimeOnly.MinValue), Shell.JapaneseDates.Jst).ToUniversalTime();
        var end = new DateTimeOffset(endDay.AddDays(1).ToDateTime(TimeOnly.MinValue), Shell.JapaneseDates.Jst).ToUniversalTime();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.OpenedAt >= start && i.OpenedAt < end).ToListAsync(ct);
        var ids = incidents.Select(i => i.Id).ToList();
        // Rows are departments; one that shares its name with another (庶務係 under two 課) is shown with its parent.
        var tree = (await DepartmentTree.LoadAsync(db, ct)).ToDictionary(d => d.Id);
        var shared = tree.Values.GroupBy(d => d.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        string Display(Guid id) => !tree.TryGetValue(id, out var d) ? "—" : shared.Contains(d.Name) ? d.Path : d.Name;
        var counts = incidents.GroupBy(i => (i.Type, Display(i.DepartmentId))).ToDictionary(g => g.Key, g => g.Count());
        var firstAcks = (await db.IncidentEscalations.AsNoTracking().Where(e => ids.Contains(e.IncidentId) && e.Level == 0 && e.AcknowledgedAt != null)
                .Select(e => new { e.NotifiedAt, e.AcknowledgedAt }).ToListAsync(ct))
            .Select(e => (e.AcknowledgedAt!.Value - e.NotifiedAt!.Value).TotalMinutes).ToList();
        var toClose = incidents.Where(i => i.ClosedAt is not null).Select(i => (i.ClosedAt!.Value - i.OpenedAt).TotalHours).ToList();
        var timedOut = await db.IncidentEscalations.CountAsync(e => ids.Contains(e.IncidentId) && e.TimedOutAt != null, ct);
        var late = (await db.IncidentSteps.AsNoTracking().Where(s => ids.Contains(s.IncidentId) && s.DueAt != null && s.DoneAt != null && !s.Skipped)
            .Select(s => new { s.DueAt, s.DoneAt }).ToListAsync(ct)).Count(s => s.DoneAt > s.DueAt);
        return new IncidentStatistics(fiscalYear, counts.Keys.Select(k => k.Item2).Distinct().OrderBy(n => n).ToList(), counts, incidents.Count,
            incidents.Count(i => i.Status == IncidentStatus.Open), Median(firstAcks), Median(toClose), timedOut, late);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
