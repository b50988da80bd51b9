using Koho.Web.Accounts;
using Koho.Web.Organization;

namespace Koho.Web.PublicDirectory;

/// <summary>
/// なりすまし注意: an impostor account the municipality warns citizens about on the public directory, until it is
/// cleared (the platform removed it). Raised by the PR office; incidents (#7) raise them too.
/// </summary>
public sealed class ImpersonationWarning : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Platform Platform { get; set; }
    /// <summary>The impostor's handle as shown on the platform (never linked: citizens should not be sent there).</summary>
    public required string ImpostorHandle { get; set; }
    /// <summary>The genuine account being imitated, if one is.</summary>
    public Guid? GenuineAccountId { get; set; }
    /// <summary>What citizens are told (public).</summary>
    public required string Message { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public required string RaisedByName { get; set; }
    public DateTimeOffset? ClearedAt { get; set; }
    public string? ClearedByName { get; set; }
    /// <summary>The なりすまし incident that raised it, if one did.</summary>
    public Guid? IncidentId { get; set; }
}
