using Koho.Web.Accounts.Documents;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.PrivateUse;

/// <summary>The one-page summary of the private-use rules (A4, printable; also as .docx for editing into a notice).</summary>
public sealed class SummaryModel(GuidelinePackService packs) : PageModel
{
    public AccountDocument Document { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Document = await BuildAsync(ct);

    public async Task<IActionResult> OnGetDocxAsync(CancellationToken ct) =>
        File(DocxWriter.Write(await BuildAsync(ct)), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "private-use-summary.docx");

    private async Task<AccountDocument> BuildAsync(CancellationToken ct) =>
        PrivateUseSummary.Build(await packs.ForTenantAsync(CurrentUser.From(User).TenantId, ct));
}
