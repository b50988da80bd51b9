using System.Security.Cryptography;
using System.Text;
using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Audit;

/// <summary>
/// Appends to and verifies the hash-chained audit trail. Each record's hash is an HMAC-SHA-256 (keyed by
/// <see cref="AuditKey"/>, which is not in the database) over its fields and the previous record's hash. A state change and its audit record are saved in one
/// transaction by <see cref="SaveAsync"/>, so there is never a change without its record or the reverse.
/// </summary>
public sealed class AuditTrail(KohoDbContext db, TimeProvider clock, AuditKey key, ILogger<AuditTrail> log)
{
    /// <summary>Hash that the first record of every chain points back to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // Appends are serialised: in-process by this gate, across nodes by a PostgreSQL advisory lock, and in the
    // worst case by the unique (TenantId, Seq) index, which makes a racing writer fail rather than fork the chain.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private const long AdvisoryLockKey = 0x4B6F686F_41756474; // "KohoAudt"

    /// <summary>Saves the pending changes on the context together with the audit records, atomically.</summary>
    public async Task SaveAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken ct = default)
    {
        // Inside InTransactionAsync this flow already holds the gate (and the transaction and lock): do not wait for it again.
        var reentrant = HoldsGate.Value;
        if (!reentrant) await Gate.WaitAsync(ct);
        try
        {
            var owned = db.Database.CurrentTransaction is null;
            await using var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null;
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            }

            var now = TruncateToMicroseconds(clock.GetUtcNow());
            var heads = new Dictionary<Guid, (long Seq, string Hash)>();
            foreach (var entry in entries)
            {
                if (!heads.TryGetValue(entry.TenantId, out var head))
                {
                    var last = await db.AuditRecords.IgnoreQueryFilters().AsNoTracking()
                        .Where(r => r.TenantId == entry.TenantId)
                        .OrderByDescending(r => r.Seq)
                        .Select(r => new { r.Seq, r.Hash })
                        .FirstOrDefaultAsync(ct);
                    head = last is null ? (0, Genesis) : (last.Seq, last.Hash);
                }

                var record = new AuditRecord
                {
                    Id = Guid.NewGuid(),
                    TenantId = entry.TenantId,
                    Seq = head.Seq + 1,
                    At = now,
                    ActorId = entry.Actor.Id,
                    ActorName = entry.Actor.Name.Length <= 200 ? entry.Actor.Name : entry.Actor.Name[..199] + "…",
                    Action = entry.Action,
                    TargetType = entry.TargetType,
                    TargetId = entry.TargetId,
                    Before = entry.Before,
                    After = entry.After,
                    PrevHash = head.Hash,
                    Hash = "",
                };
                record.Hash = ComputeHash(record, key.Key);
                db.AuditRecords.Add(record);
                heads[entry.TenantId] = (record.Seq, record.Hash);
            }

            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            // The newest link goes to the (externally collected) log as well: an anchor that shows it if the
            // newest records are ever removed from the database.
            foreach (var (tenant, head) in heads)
                log.LogInformation("Audit chain head {TenantId} #{Seq} {Hash}", tenant, head.Seq, head.Hash);
        }
        catch
        {
            // The transaction rolled back: forget the unsaved changes too, so that nothing is saved half-way
            // by a later SaveChanges on the same context.
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (!reentrant) Gate.Release();
        }
    }

    public Task SaveAsync(AuditEntry entry, CancellationToken ct = default) => SaveAsync([entry], ct);

    private static readonly AsyncLocal<bool> HoldsGate = new();

    /// <summary>
    /// Several audited saves as one unit (a feature acting through another's service, e.g. an incident raising a
    /// directory warning): the gate is taken first, then the transaction and (PostgreSQL) the advisory lock, so that no
    /// other writer can hold the database while waiting for the gate. <paramref name="work"/> returns whether to commit;
    /// on false or an exception everything rolls back and the change tracker is cleared.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<(T Value, bool Commit)>> work, CancellationToken ct = default)
    {
        if (HoldsGate.Value) throw new InvalidOperationException("InTransactionAsync cannot be nested.");
        await Gate.WaitAsync(ct);
        HoldsGate.Value = true;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            try
            {
                var (value, commit) = await work();
                if (commit) await tx.CommitAsync(ct);
                else
                {
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                }
                return value;
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }
        finally
        {
            HoldsGate.Value = false;
            Gate.Release();
        }
    }

    /// <summary>
    /// Walks a tenant's chain in order and reports the first record that does not link: a gap in the sequence
    /// (a record removed), a previous-hash that does not match (removed or reordered), or a hash that does not
    /// match the record's own content (altered).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(Guid tenantId, CancellationToken ct = default)
    {
        long expected = 1;
        var prev = Genesis;
        await foreach (var r in db.AuditRecords.IgnoreQueryFilters().AsNoTracking()
                           .Where(r => r.TenantId == tenantId).OrderBy(r => r.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (r.Seq != expected)
                return AuditVerification.Broken(expected - 1, expected, $"記録 #{expected} が見つかりません（削除または順序の改ざん）。");
            if (r.PrevHash != prev)
                return AuditVerification.Broken(expected - 1, r.Seq, $"記録 #{r.Seq} の直前ハッシュが記録 #{r.Seq - 1} と一致しません（削除または順序の改ざん）。");
            if (ComputeHash(r, key.Key) != r.Hash)
                return AuditVerification.Broken(expected - 1, r.Seq, $"記録 #{r.Seq} の内容がハッシュと一致しません（改ざん）。");
            prev = r.Hash;
            expected++;
        }
        return AuditVerification.Intact(expected - 1) with { HeadHash = expected > 1 ? prev : null };
    }

    public static string ComputeHash(AuditRecord r, byte[] key)
    {
        // Length-prefixed fields, so that no two different records serialise to the same text.
        var sb = new StringBuilder();
        void Field(string? v) => sb.Append(v is null ? "-1" : v.Length.ToString()).Append(':').Append(v).Append('|');
        Field(r.TenantId.ToString("N"));
        Field(r.Seq.ToString());
        Field(r.At.UtcTicks.ToString());
        Field(r.ActorId?.ToString("N"));
        Field(r.ActorName);
        Field(r.Action);
        Field(r.TargetType);
        Field(r.TargetId);
        Field(r.Before);
        Field(r.After);
        Field(r.PrevHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>PostgreSQL keeps microseconds; truncating first means the hash survives the round trip.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
}

public sealed record AuditVerification(bool IsIntact, long VerifiedCount, long? BrokenAtSeq, string? Problem)
{
    /// <summary>Hash of the newest record of an intact chain, to compare with the anchors in the log.</summary>
    public string? HeadHash { get; init; }

    public static AuditVerification Intact(long count) => new(true, count, null, null);
    public static AuditVerification Broken(long verified, long seq, string problem) => new(false, verified, seq, problem);
}
