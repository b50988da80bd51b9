using System.Security.Claims;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Incidents;

public sealed record IncidentRow(Incident Incident, string? AccountName, string DepartmentName, int StepsDone, int StepsTotal, int OverdueSteps, bool AwaitingAcknowledgement);

public sealed record IncidentStatistics(int FiscalYear, IReadOnlyList<string> Departments, IReadOnlyDictionary<(IncidentType, string), int> Counts,
    int Total, int Open, double? MedianMinutesToAcknowledge, double? MedianHoursToClose, int EscalationsTimedOut, int StepsLate);

/// <summary>Reading incidents: the register as the user may see it, one incident with everything on it, the yearly statistics.</summary>
public sealed class IncidentQueries(KohoDbContext db, IncidentScope scope, TimeProvider time)
{
    public async Task<List<IncidentRow>> VisibleAsync(ClaimsPrincipal user, IncidentStatus? status, IncidentType? type, CancellationToken ct)
    {
        var query = db.Incidents.AsNoTracking();
        if (status is { } s) query = query.Where(i => i.Status == s);
        if (type is { } t) query = query.Where(i => i.Type == t);
        var incidents = await query.OrderByDescending(i => i.Number).Take(500).ToListAsync(ct);
        var ids = incidents.Select(i => i.Id).ToList();
        var offices = (await db.IncidentEscalations.Where(e => ids.Contains(e.IncidentId)).Select(e => new { e.IncidentId, e.Office }).ToListAsync(ct))
            .Concat(await db.IncidentSteps.Where(e => ids.Contains(e.IncidentId)).Select(e => new { e.IncidentId, Office = e.Actor }).ToListAsync(ct))
            .ToLookup(x => x.IncidentId, x => x.Office);
        var now = time.GetUtcNow();
        var steps = (await db.IncidentSteps.Where(s => ids.Contains(s.IncidentId)).Select(s => new { s.IncidentId, s.DoneAt, s.DueAt }).ToListAsync(ct)).ToLookup(s => s.IncidentId);
        var waiting = (await db.IncidentEscalations.Where(e => ids.Contains(e.IncidentId) && e.NotifiedAt != null && e.AcknowledgedAt == null).Select(e => e.IncidentId).ToListAsync(ct)).ToHashSet();
        var accountNames = await db.OfficialAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var departmentNames = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var rows = new List<IncidentRow>();
        foreach (var i in incidents)
        {
            if (!await scope.CanViewAsync(user, i, offices[i.Id], ct)) continue;
            var st = steps[i.Id].ToList();
            rows.Add(new IncidentRow(i, i.AccountId is { } a ? accountNames.GetValueOrDefault(a) : null, departmentNames.GetValueOrDefault(i.DepartmentId, "—"),
                st.Count(x => x.DoneAt != null), st.Count, i.Status == IncidentStatus.Open ? st.Count(x => x.DoneAt == null && x.DueAt < now) : 0,
                i.Status == IncidentStatus.Open && waiting.Contains(i.Id)));
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
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var counts = incidents.GroupBy(i => (i.Type, departments.GetValueOrDefault(i.DepartmentId, "—"))).ToDictionary(g => g.Key, g => g.Count());
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
