using Koho.Web.Accounts.Documents;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Accounts;

/// <summary>An account's 運用ポリシー or 運用計画書: a printable page (A4), and the same as .docx (?handler=Docx).</summary>
public sealed class AccountDocumentModel(AccountDocuments documents) : PageModel
{
    public AccountDocument Document { get; private set; } = null!;
    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, string kind, CancellationToken ct)
    {
        var document = await BuildAsync(id, kind, ct);
        if (document is null) return NotFound();
        (Document, Id, Kind) = (document, id, kind);
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync(Guid id, string kind, CancellationToken ct)
    {
        var document = await BuildAsync(id, kind, ct);
        if (document is null) return NotFound();
        return File(DocxWriter.Write(document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{document.Title}.docx");
    }

    private Task<AccountDocument?> BuildAsync(Guid id, string kind, CancellationToken ct)
    {
        var tenantId = CurrentUser.From(User).TenantId;
        return kind == "policy" ? documents.PolicyAsync(tenantId, id, ct) : documents.PlanAsync(tenantId, id, ct);
    }
}
