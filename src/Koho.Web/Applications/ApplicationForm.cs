using Koho.Packs;
using Koho.Web.Accounts;

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
    public string? Handler { get; init; }
}
