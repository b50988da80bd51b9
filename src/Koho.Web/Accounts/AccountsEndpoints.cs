using Koho.Web.Database;

namespace Koho.Web.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/accounts").WithTags("Accounts");
        api.MapGet("/", async (AccountStatus? status, KohoDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await AccountsQueries.ListAsync(db, status, ct)))
            .WithSummary("公式アカウントの一覧");
        api.MapGet("/{id:guid}", async (Guid id, KohoDbContext db, CancellationToken ct) =>
                await AccountsQueries.FindAsync(db, id, ct) is { } a ? Results.Ok(a) : Results.NotFound())
            .WithSummary("公式アカウント一件");
        return app;
    }
}
