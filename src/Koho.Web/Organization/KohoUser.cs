using Microsoft.AspNetCore.Identity;

namespace Koho.Web.Organization;

/// <summary>A member of staff (or a system administrator) of one tenant.</summary>
public sealed class KohoUser : IdentityUser<Guid>
{
    public Guid TenantId { get; set; }
    public Guid? DepartmentId { get; set; }
    public string DisplayName { get; set; } = "";

    /// <summary>Show dates in 和暦 (令和8年12月2日) rather than 西暦.</summary>
    public bool PrefersWareki { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Set for a person of an outside organisation (指定管理者・委託事業者・財政援助出資団体): they reach only the accounts
    /// entrusted to it, within its period, and never hold a role beyond 運用担当者.
    /// </summary>
    public Guid? OutsideOrganizationId { get; set; }
    /// <summary>The organisation's representative, who confirms the contract's social media clauses for it.</summary>
    public bool IsOutsideRepresentative { get; set; }
}

/// <summary>Identity role. Role names are fixed (see <see cref="KohoRoles"/>); membership is per user, hence per tenant.</summary>
public sealed class KohoRole : IdentityRole<Guid>
{
    public KohoRole() { }
    public KohoRole(string name) : base(name) { }
}
