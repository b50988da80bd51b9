using Koho.Web.Organization;

namespace Koho.Web.Audit;

/// <summary>
/// One link of a tenant's append-only audit chain. <see cref="Hash"/> covers every field and the previous
/// record's hash, so altering, removing or reordering any record breaks the chain from that point on.
/// </summary>
public sealed class AuditRecord : ITenantScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Position in the tenant's chain: 1, 2, 3 … with no gaps.</summary>
    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public required string TargetId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>What a caller states about a change; the trail adds time, position and hashes.</summary>
public sealed record AuditEntry(
    Guid TenantId,
    AuditActor Actor,
    string Action,
    string TargetType,
    string TargetId,
    string? Before = null,
    string? After = null);

public sealed record AuditActor(Guid? Id, string Name)
{
    public static readonly AuditActor System = new(null, "system");
    public static AuditActor Cli(string osUser) => new(null, $"cli:{osUser}");
}
