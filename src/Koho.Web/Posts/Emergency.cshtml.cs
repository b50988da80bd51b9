using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts;

/// <summary>緊急時の発信: the scopes approved in advance, and the emergency posts with their reports.</summary>
public sealed class EmergencyModel(KohoDbContext db, EmergencyPosting emergency, GuidelinePackService packs, TimeProvider time) : PageModel
{
    public bool Allowed { get; private set; }
    public string PackTitle { get; private set; } = "";
    public string? Basis { get; private set; }
    public int? ReportWithinHours { get; private set; }
    public List<EmergencyScope> Scopes { get; private set; } = [];
    public Dictionary<Guid, string> AccountNames { get; private set; } = [];
    public List<OfficialAccount> Approvable { get; private set; } = [];
    public List<Post> Posts { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public List<string> Errors { get; } = [];
    [TempData] public string? Done { get; set; }
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = Done;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? title, List<Guid> accounts, List<PostKind> kinds, string? templates, DateOnly? validFrom,
        DateOnly? validTo, CancellationToken ct)
    {
        var result = await emergency.DefineAsync(User, new EmergencyPosting.ScopeInput(title, accounts, kinds, templates, validFrom, validTo), ct);
        return await AfterAsync(result.Succeeded, result.Errors, "事前承認の範囲を定めました。", ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid scopeId, CancellationToken ct)
    {
        var result = await emergency.RevokeAsync(User, scopeId, ct);
        return await AfterAsync(result.Succeeded, result.Errors, "事前承認の範囲を取り消しました。", ct);
    }

    private async Task<IActionResult> AfterAsync(bool ok, IReadOnlyList<string> errors, string message, CancellationToken ct)
    {
        if (ok)
        {
            Done = message;
            return Redirect("/posts/emergency");
        }
        Errors.AddRange(errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack;
        Allowed = pack.Approval.Emergency.Allowed;
        PackTitle = pack.Title;
        Basis = pack.Approval.Emergency.Clauses.Count > 0 ? string.Join("・", pack.Approval.Emergency.Clauses) : null;
        ReportWithinHours = pack.Approval.Emergency.ReportWithinHours;
        Now = time.GetUtcNow();
        Scopes = await db.EmergencyScopes.AsNoTracking().OrderByDescending(s => s.DefinedAt).Take(100).ToListAsync(ct);
        var all = await db.OfficialAccounts.AsNoTracking().Where(a => a.Status == AccountStatus.Operating || a.Status == AccountStatus.SuspensionNoticed)
            .OrderBy(a => a.Name).ToListAsync(ct);
        AccountNames = await db.OfficialAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        foreach (var a in all)
            if (await PostScope.HoldsOfficeForAsync(db, User, pack.Approval.Approver, a, ct)) Approvable.Add(a);
        Posts = await db.Posts.AsNoTracking().Where(p => p.EmergencyScopeId != null).OrderByDescending(p => p.ApprovedAt).Take(100).ToListAsync(ct);
    }
}
