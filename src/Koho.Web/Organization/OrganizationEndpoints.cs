using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Organization;

public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Organization");

        api.MapGet("/me", async (HttpContext http, KohoDbContext db, OrganizationService org, CancellationToken ct) =>
        {
            var me = CurrentUser.From(http.User);
            var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == me.TenantId, ct);
            var roles = await org.RolesOfAsync(me.Id, ct);
            return TypedResults.Ok(new
            {
                me.Id,
                me.DisplayName,
                me.UserName,
                Tenant = new { tenant.Id, tenant.Code, tenant.Name },
                Roles = roles.Select(r => new { Role = r, Label = KohoRoles.Label(r, tenant.Offices) }),
            });
        }).WithSummary("サインイン中の職員");

        api.MapGet("/departments", async (KohoDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await DepartmentTree.LoadAsync(db, ct))
                .Select(d => new { d.Id, d.ParentId, d.Name, Level = d.Level.Label(), d.Depth, d.Path })))
            .WithSummary("部署（部 → 課 → 係）");

        api.MapGet("/departments/{id:guid}", async (Guid id, KohoDbContext db, CancellationToken ct) =>
            await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is { } d
                ? Results.Ok(new { d.Id, d.ParentId, d.Name, Level = d.Level.Label() })
                : Results.NotFound())
            .WithSummary("部署一件");

        var admin = api.MapGroup("/users").RequireAuthorization(KohoPolicies.Administer);
        admin.MapGet("/", async (KohoDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.TenantUsers.AsNoTracking().OrderBy(u => u.UserName)
                .Select(u => new { u.Id, u.UserName, u.DisplayName, u.DepartmentId, u.TwoFactorEnabled }).ToListAsync(ct)))
            .WithSummary("職員の一覧（システム管理者）");
        admin.MapGet("/{id:guid}", async (Guid id, KohoDbContext db, OrganizationService org, CancellationToken ct) =>
            await db.TenantUsers.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) is { } u
                ? Results.Ok(new { u.Id, u.UserName, u.DisplayName, u.DepartmentId, u.TwoFactorEnabled, Roles = await org.RolesOfAsync(u.Id, ct) })
                : Results.NotFound())
            .WithSummary("職員一件（システム管理者）");
        return app;
    }
}
