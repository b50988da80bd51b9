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
}

/// <summary>Identity role. Role names are fixed (see <see cref="KohoRoles"/>); membership is per user, hence per tenant.</summary>
public sealed class KohoRole : IdentityRole<Guid>
{
    public KohoRole() { }
    public KohoRole(string name) : base(name) { }
}
