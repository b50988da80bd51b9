using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Incidents;

/// <summary>年度 statistics for the council (会議体) and auditors: incidents by type and department, response times; CSV.</summary>
[Authorize(Policy = KohoPolicies.ReadIncidentStatistics)]
public sealed class IncidentStatisticsModel(IncidentQueries queries, TimeProvider time) : PageModel
{
    public IncidentStatistics Stats { get; private set; } = null!;
    public int CurrentYear { get; private set; }

    public async Task OnGetAsync(int? year, CancellationToken ct)
    {
        CurrentYear = JapaneseDates.FiscalYear(JapaneseDates.TodayJst(time));
        Stats = await queries.StatisticsAsync(year is >= 2000 and <= 2100 ? year.Value : CurrentYear, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(int? year, CancellationToken ct)
    {
        await OnGetAsync(year, ct);
        var stream = new MemoryStream();
        await using (var w = Csv.Writer(stream))
        {
            await w.WriteLineAsync(Csv.Line(new[] { "所管" }.Concat(Enum.GetValues<IncidentType>().Select(t => t.Label())).Append("計")));
            foreach (var d in Stats.Departments)
            {
                var cells = Enum.GetValues<IncidentType>().Select(t => Stats.Counts.GetValueOrDefault((t, d))).ToList();
                await w.WriteLineAsync(Csv.Line(new[] { d }.Concat(cells.Select(c => c.ToString())).Append(cells.Sum().ToString())));
            }
            var totals = Enum.GetValues<IncidentType>().Select(t => Stats.Counts.Where(c => c.Key.Item1 == t).Sum(c => c.Value)).ToList();
            await w.WriteLineAsync(Csv.Line(new[] { "計" }.Concat(totals.Select(c => c.ToString())).Append(Stats.Total.ToString())));
        }
        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", $"incidents-{Stats.FiscalYear}.csv");
    }
}
