using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Audit;

public sealed class AuditVerifyModel(AuditTrail trail, TimeProvider clock) : PageModel
{
    public AuditVerification Result { get; private set; } = AuditVerification.Intact(0);
    public DateTimeOffset CheckedAt { get; private set; }

    public async Task OnGetAsync()
    {
        Result = await trail.VerifyAsync(CurrentUser.From(User).TenantId);
        CheckedAt = clock.GetUtcNow();
    }
}
