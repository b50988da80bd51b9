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
            var (rows, total) = await AuditSearch.PageAsync(db, new AuditFilter(from, to, actor, action, target), page ?? 1, ct);
            return TypedResults.Ok(new
            {
                total,
                page = page ?? 1,
                pageSize = AuditSearch.PageSize,
                records = rows.Select(r => new { r.Seq, r.At, r.ActorName, r.Action, r.TargetType, r.TargetId, r.Before, r.After, r.Hash }),
            });
        }).WithSummary("監査ログの検索");

        api.MapGet("/export", async (DateOnly? from, DateOnly? to, string? actor, string? action, string? target,
            HttpContext http, KohoDbContext db, AuditTrail trail, TimeProvider clock, CancellationToken ct) =>
        {
            var me = CurrentUser.From(http.User);
            var filter = new AuditFilter(from, to, actor, action, target);
            // Taking a copy of the trail is itself recorded.
            await trail.SaveAsync(new AuditEntry(me.TenantId, me.Actor, "audit.exported", "audit-trail", me.TenantId.ToString(),
                After: AuditSummary.Of(filter)), ct);
            var name = $"koho-audit-{Shell.JapaneseDates.ToJst(clock.GetUtcNow()):yyyyMMdd-HHmm}.csv";
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await AuditSearch.WriteCsvAsync(db, filter, http.Response.Body, ct);
        }).WithSummary("監査ログの CSV 出力");

        api.MapGet("/verify", async (HttpContext http, AuditTrail trail, CancellationToken ct) =>
            TypedResults.Ok(await trail.VerifyAsync(CurrentUser.From(http.User).TenantId, ct)))
            .WithSummary("監査ログのハッシュチェーン検証");
        return app;
    }
}
