using System.Security.Claims;
using Koho.Web.Audit;

namespace Koho.Web.Organization;

/// <summary>Who is acting, read from the sign-in cookie's claims.</summary>
public sealed record CurrentUser(Guid Id, Guid TenantId, string DisplayName, string UserName, string? OutsideOrganizationName = null)
{
    /// <summary>A person of an outside organisation is recorded with it, so that every audit record shows who acted for whom.</summary>
    public AuditActor Actor => new(Id, OutsideOrganizationName is { } org ? $"{DisplayName} ({UserName}・{org})" : $"{DisplayName} ({UserName})");

    public static CurrentUser From(ClaimsPrincipal principal) =>
        new(Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!),
            Guid.Parse(principal.FindFirstValue(KohoClaims.Tenant)!),
            principal.FindFirstValue(KohoClaims.DisplayName) ?? "",
            principal.Identity?.Name ?? "",
            principal.FindFirstValue(KohoClaims.OutsideOrganizationName));
}
