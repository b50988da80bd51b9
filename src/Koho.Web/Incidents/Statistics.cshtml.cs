using System.Globalization;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Incidents;

/// <summary>年度 statistics for the council (会議体) and auditors: incidents by type and department, response times; .xlsx.</summary>
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

    /// <summary>The same table as an .xlsx, for the council's papers.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(int? year, CancellationToken ct)
    {
        await OnGetAsync(year, ct);
        var types = Enum.GetValues<IncidentType>();
        var table = new List<IEnumerable<string>> { new[] { "所管" }.Concat(types.Select(t => t.Label())).Append("計") };
        foreach (var d in Stats.Departments)
        {
            var cells = types.Select(t => Stats.Counts.GetValueOrDefault((t, d))).ToList();
            table.Add(new[] { d }.Concat(cells.Select(c => c.ToString(CultureInfo.InvariantCulture))).Append(cells.Sum().ToString(CultureInfo.InvariantCulture)));
        }
        table.Add(new[] { "計" }.Concat(types.Select(t => Stats.Counts.Where(c => c.Key.Item1 == t).Sum(c => c.Value).ToString(CultureInfo.InvariantCulture)))
            .Append(Stats.Total.ToString(CultureInfo.InvariantCulture)));
        return File(XlsxWriter.Write(JapaneseDates.FiscalYearWareki(Stats.FiscalYear), table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"incidents-{Stats.FiscalYear}.xlsx");
    }
}
