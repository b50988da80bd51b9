using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Applications;

/// <summary>A section head applies to open an official account with what the municipality's pack requires.</summary>
public sealed class NewApplicationModel(KohoDbContext db, GuidelinePackService packs, OpeningApplicationService applications) : PageModel
{
    public ApplicationForm Form { get; private set; } = null!;
    public List<string> Errors { get; } = [];
    public bool CanApply { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanApply = User.IsInRole(KohoRoles.AccountManager);
        var me = CurrentUser.From(User);
        Form = await FormAsync(ct);
        Form.DepartmentId = await db.TenantUsers.Where(u => u.Id == me.Id).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? accountName, Platform? platform, string? handle, string? url, Guid? departmentId,
        bool handlesConfidential, Dictionary<string, string?> answers, CancellationToken ct)
    {
        CanApply = User.IsInRole(KohoRoles.AccountManager);
        var result = await applications.SubmitAsync(ApplicationPages.ActorOf(User),
            new ApplicationInput(accountName, platform, handle, url, departmentId, handlesConfidential, answers), ct);
        if (result.Succeeded) return Redirect($"/applications/{result.Value!.Id}");
        Errors.AddRange(result.Errors);
        Form = await FormAsync(ct);
        (Form.AccountName, Form.Platform, Form.Handle, Form.Url, Form.DepartmentId, Form.Answers) = (accountName, platform, handle, url, departmentId, answers);
        return Page();
    }

    private async Task<ApplicationForm> FormAsync(CancellationToken ct) => new()
    {
        Pack = (await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct)).Pack,
        Departments = await ApplicationForm.DepartmentsAsync(db, ct),
    };
}
