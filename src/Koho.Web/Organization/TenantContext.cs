using System.Security.Claims;

namespace Koho.Web.Organization;

/// <summary>
/// The tenant the current unit of work acts for. On a web request it comes from the signed-in user's claim and
/// can never be chosen by the request itself; the CLI and the demo seeder set it explicitly.
/// </summary>
public sealed class TenantContext(IHttpContextAccessor http)
{
    private Guid? _explicit;

    public Guid TenantId => _explicit ?? FromUser(http.HttpContext?.User) ?? Guid.Empty;

    public bool HasTenant => TenantId != Guid.Empty;

    public void Use(Guid tenantId) => _explicit = tenantId;

    public static Guid? FromUser(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(KohoClaims.Tenant), out var id) ? id : null;
}
