using Koho.Web.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Koho.Web.Accounts;

public sealed class AccountsIndexModel(KohoDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public AccountStatus? Status { get; set; }
    public List<AccountsQueries.AccountView> Rows { get; private set; } = [];

    public async Task OnGetAsync() => Rows = await AccountsQueries.ListAsync(db, Status);
}
