using Koho.Web.Database;
using Koho.Web.Organization;

namespace Koho.Web.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(KohoPolicies.ReadAudit);

        api.MapGet("/", async (DateOnly? from, DateOnly? to, string? actor, string? action, string? target, int? page,
            KohoDbContext db, CancellationToken ct) =>
        {
            var p = Math.Clamp(page ?? 1, 1, AuditSearch.MaxPage);
            var (rows, total) = await AuditSearch.PageAsync(db, new AuditFilter(from, to, actor, action, target), p, ct);
            return TypedResults.Ok(new
            {
                total,
                page = p,
                pageSize = AuditSearch.PageSize,
                records = rows.Select(r => new { r.Seq, r.At, r.ActorName, r.Action, r.TargetType, r.TargetId, r.Before, r.After, r.Hash }),
            });
        }).WithSummary("監査ログの検索");

        api.MapGet("/verify", async (HttpContext http, AuditTrail trail, CancellationToken ct) =>
            TypedResults.Ok(await trail.VerifyAsync(CurrentUser.From(http.User).TenantId, ct)))
            .WithSummary("監査ログのハッシュチェーン検証");
        return app;
    }
}
