using Koho.Packs;
using Koho.Web.Accounts;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Applications;

/// <summary>What the application form shows: the pack's items, the departments, and the values typed so far.</summary>
public sealed class ApplicationForm
{
    public required GuidelinePack Pack { get; init; }
    public required IReadOnlyList<(Guid Id, string Name)> Departments { get; init; }
    public string? AccountName { get; set; }
    public Platform? Platform { get; set; }
    public string? Handle { get; set; }
    public string? Url { get; set; }
    public Guid? DepartmentId { get; set; }
    public Dictionary<string, string?> Answers { get; set; } = [];
    public string SubmitLabel { get; init; } = "申請する";

    /// <summary>The municipality's departments by name, for the form's 所管課 list.</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> DepartmentsAsync(KohoDbContext db, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();
    public string? Handler { get; init; }
}
