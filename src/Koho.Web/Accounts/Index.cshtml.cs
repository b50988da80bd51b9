using Microsoft.AspNetCore.Authorization;
using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Accounts;

public sealed class AccountsIndexModel(KohoDbContext db, RegisterTransfer transfer, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)] public AccountStatus? Status { get; set; }
    public List<AccountsQueries.AccountView> Rows { get; private set; } = [];
    public bool CanExport { get; private set; }
    public bool CanImport { get; private set; }
    public bool CanWarn { get; private set; }
    /// <summary>Outside organisations running each account (指定管理者・委託事業者…).</summary>
    public ILookup<Guid, (Guid Id, string Name)> RunBy { get; private set; } = Array.Empty<(Guid, (Guid, string))>().ToLookup(x => x.Item1, x => x.Item2);

    public async Task OnGetAsync()
    {
        Rows = await AccountsQueries.ListAsync(db, Status);
        RunBy = await Contractors.OutsideAccess.RunByAsync(db, HttpContext.RequestAborted);
        CanExport = (await authorization.AuthorizeAsync(User, Organization.KohoPolicies.ExportRegister)).Succeeded;
        CanImport = (await authorization.AuthorizeAsync(User, Organization.KohoPolicies.ImportRegister)).Succeeded;
        CanWarn = (await authorization.AuthorizeAsync(User, Organization.KohoPolicies.WarnImpersonation)).Succeeded;
    }

    /// <summary>The register as .xlsx for the council (公式アカウント台帳).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Organization.KohoPolicies.ExportRegister)).Succeeded) return Forbid();
        return File(await transfer.ExportXlsxAsync(ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "official-accounts.xlsx");
    }
}
