namespace Koho.Web.Packs;

/// <summary>
/// A version of a guideline pack that a municipality's administrator uploaded. Versions are never changed or
/// deleted: what was checked under version 3 can always be shown against version 3.
/// </summary>
public sealed class GuidelinePackVersion
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string PackId { get; set; }
    /// <summary>1, 2, 3 … per tenant and pack id.</summary>
    public int Version { get; set; }
    public required string Yaml { get; set; }
    /// <summary>SHA-256 of the YAML text (hex): the version's fingerprint in the audit trail.</summary>
    public required string Sha256 { get; set; }
    public required string UploadedByName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
