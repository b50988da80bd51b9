using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Koho.Checks;
using Koho.Packs;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Packs;

/// <summary>The pack a municipality runs under, as every feature reads it.</summary>
/// <param name="Version">0 for a built-in pack, else the uploaded version's number.</param>
public sealed record TenantPack(GuidelinePack Pack, int Version, string Sha256, CompiledPack Compiled)
{
    public bool IsBuiltIn => Version == 0;

    /// <summary>How a record says which pack version it was checked under: musashino@builtin, musashino@3.</summary>
    public string Reference => $"{Pack.Id}@{(IsBuiltIn ? "builtin" : Version.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}

/// <summary>Parsed and compiled packs by fingerprint: a version is read and compiled once per process.</summary>
public sealed class PackCache(PackRegistry registry)
{
    private readonly ConcurrentDictionary<string, Lazy<(GuidelinePack Pack, CompiledPack Compiled)>> _packs = new();

    /// <summary>A pack the deployment offers (built-in or from Koho:Packs:Directory), by id.</summary>
    public (GuidelinePack Pack, CompiledPack Compiled) Offered(string id) =>
        _packs.GetOrAdd("offered:" + id, _ => new(() =>
        {
            var pack = registry.Catalog.Get(id);
            return (pack, Checker.Compile(registry.Catalog.CheckerPack(id)));
        })).Value;

    public (GuidelinePack Pack, CompiledPack Compiled) Uploaded(string sha256, Func<string> yaml) =>
        _packs.GetOrAdd(sha256, _ => new(() =>
        {
            // Stored versions were valid when uploaded and the built-in packs they extend ship with Koho.
            var result = registry.Catalog.Load("uploaded.yaml", yaml());
            if (!result.IsValid) throw new InvalidPackException(result.Problems);
            return (result.Pack!, Checker.Compile(result.Pack!.ToCheckerPack()));
        })).Value;
}

/// <summary>
/// Which guideline pack a municipality runs under: choosing a built-in pack, uploading a new version (validated
/// before it takes effect, numbered, kept for ever, audited), and resolving the current one for every feature.
/// </summary>
public sealed class GuidelinePackService(KohoDbContext db, AuditTrail audit, PackCache cache, PackRegistry registry, TimeProvider time)
{
    /// <summary>Largest pack file accepted (the largest source guideline's pack is under 100 KB).</summary>
    public const int MaxYamlLength = 1_000_000;

    public async Task<TenantPack> ForTenantAsync(Guid tenantId, CancellationToken ct = default)
    {
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.Code, t.PackId }).FirstAsync(ct);
        var packId = tenant.PackId ?? registry.Catalog.ForLocalGovernmentCode(tenant.Code)?.Id ?? BuiltInPacks.Default;
        var latest = await db.GuidelinePackVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.TenantId == tenantId && v.PackId == packId)
            .OrderByDescending(v => v.Version).Select(v => new { v.Id, v.Version, v.Sha256 }).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            var (pack, compiled) = cache.Offered(registry.Catalog.Find(packId) is null ? BuiltInPacks.Default : packId);
            return new TenantPack(pack, 0, "", compiled);
        }
        var (uploaded, uploadedCompiled) = cache.Uploaded(latest.Sha256, () =>
            db.GuidelinePackVersions.IgnoreQueryFilters().AsNoTracking().Where(v => v.Id == latest.Id).Select(v => v.Yaml).First());
        return new TenantPack(uploaded, latest.Version, latest.Sha256, uploadedCompiled);
    }

    public sealed record VersionInfo(string PackId, int Version, string Sha256, string UploadedByName, DateTimeOffset UploadedAt);

    public async Task<List<VersionInfo>> VersionsAsync(Guid tenantId, CancellationToken ct = default) =>
        await db.GuidelinePackVersions.IgnoreQueryFilters().AsNoTracking().Where(v => v.TenantId == tenantId)
            .OrderBy(v => v.PackId).ThenByDescending(v => v.Version)
            .Select(v => new VersionInfo(v.PackId, v.Version, v.Sha256, v.UploadedByName, v.UploadedAt)).ToListAsync(ct);

    /// <summary>The municipality runs under a pack this deployment offers from now on (its latest uploaded version of it, if any).</summary>
    public async Task<Result<Tenant>> ChooseAsync(Guid tenantId, string packId, AuditActor actor, CancellationToken ct = default)
    {
        var pack = registry.Catalog.Find(packId);
        var uploaded = await db.GuidelinePackVersions.IgnoreQueryFilters().AnyAsync(v => v.TenantId == tenantId && v.PackId == packId, ct);
        if (pack is null && !uploaded)
            return Result<Tenant>.Fail([$"パック「{packId}」はありません（{string.Join(", ", registry.Catalog.Ids)}、またはこの団体が登録したパック）。"]);
        var tenant = await db.Tenants.FirstAsync(t => t.Id == tenantId, ct);
        var before = AuditSummary.Of(new { tenant.PackId, tenant.Offices });
        tenant.PackId = packId;
        if (pack is not null) tenant.Offices = OfficesOf(pack, tenant.Offices);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "pack.chosen", "tenant", tenantId.ToString(),
            Before: before, After: AuditSummary.Of(new { tenant.PackId, tenant.Offices })), ct);
        return Result<Tenant>.Ok(tenant);
    }

    /// <summary>
    /// Validates an uploaded pack; if valid, stores it as the next version of its pack id and makes it the
    /// municipality's pack — all in one transaction with its audit record. Invalid: every problem, nothing saved.
    /// </summary>
    public async Task<Result<GuidelinePackVersion>> UploadAsync(Guid tenantId, string fileName, string yaml, AuditActor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(yaml)) return Result<GuidelinePackVersion>.Fail(["パックの内容が空です。YAML ファイルを選ぶか、内容を貼り付けてください。"]);
        if (yaml.Length > MaxYamlLength) return Result<GuidelinePackVersion>.Fail([$"パックが大きすぎます（{yaml.Length:N0} 文字、上限 {MaxYamlLength:N0} 文字）。"]);
        fileName = string.IsNullOrWhiteSpace(fileName) ? "uploaded.yaml" : Path.GetFileName(fileName);
        var result = registry.Catalog.Load(fileName, yaml);
        if (!result.IsValid) return Result<GuidelinePackVersion>.Fail(result.Problems.Select(p => p.ToString()).ToList());
        var pack = result.Pack!;
        var tenant = await db.Tenants.FirstAsync(t => t.Id == tenantId, ct);
        if (pack.LocalGovernmentCode != tenant.Code)
            return Result<GuidelinePackVersion>.Fail([$"パックの地方公共団体コード（{pack.LocalGovernmentCode}）が団体のコード（{tenant.Code}）と違います。自団体のパックを登録してください。"]);

        var next = 1 + (await db.GuidelinePackVersions.IgnoreQueryFilters()
            .Where(v => v.TenantId == tenantId && v.PackId == pack.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0);
        var version = new GuidelinePackVersion
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            PackId = pack.Id,
            Version = next,
            Yaml = yaml,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))),
            UploadedByName = actor.Name,
            UploadedAt = time.GetUtcNow(),
        };
        db.GuidelinePackVersions.Add(version);
        var before = AuditSummary.Of(new { tenant.PackId, tenant.Offices });
        tenant.PackId = pack.Id;
        tenant.Offices = OfficesOf(pack, tenant.Offices);
        try
        {
            await audit.SaveAsync(new AuditEntry(tenantId, actor, "pack.uploaded", "guideline-pack", $"{pack.Id}@{next}",
                Before: before, After: AuditSummary.Of(new { pack.Id, Version = next, version.Sha256, File = fileName, pack.Title, tenant.Offices })), ct);
        }
        catch (DbUpdateException)
        {
            // Two uploads of the same pack at once: the unique version number lets one win.
            db.ChangeTracker.Clear();
            return Result<GuidelinePackVersion>.Fail(["同時に別の版が登録されました。一覧を確かめてから、もう一度登録してください。"]);
        }
        return Result<GuidelinePackVersion>.Ok(version);
    }

    /// <summary>The office names a pack gives (an office it leaves unnamed keeps the tenant's current name).</summary>
    private static OfficeNames OfficesOf(GuidelinePack pack, OfficeNames current) => new()
    {
        PrOffice = pack.Offices.PrOffice ?? current.PrOffice,
        ItOffice = pack.Offices.ItOffice ?? current.ItOffice,
        HrOffice = pack.Offices.Hr ?? current.HrOffice,
        Council = pack.Offices.Council ?? current.Council,
        Ciso = pack.Offices.Ciso ?? current.Ciso,
    };
}
