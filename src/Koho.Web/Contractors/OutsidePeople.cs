using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Packs;
using Koho.Web.PrivateUse;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Contractors;

public sealed record OutsidePersonInput(string? DisplayName, string? UserName, string? Email, string? Password, bool Representative);

/// <summary>
/// Where a person of an outside organisation stands before drafting: the guideline in force confirmed by them, the
/// contract's social media clauses confirmed by the organisation's representative.
/// </summary>
public sealed record OutsideReadiness(OutsideOrganization Organization, TenantPack Pack, string PackSha256, GuidelineNotice? Notice,
    bool GuidelineConfirmed, DateTimeOffset? GuidelineConfirmedAt, bool ClausesConfirmed)
{
    /// <summary>HR published this very version: the person confirms it as staff do (its quiz included).</summary>
    public bool UsesNotice => Notice is not null && Notice.PackSha256 == PackSha256;
    public bool MayDraft => GuidelineConfirmed && ClausesConfirmed;

    /// <summary>The clauses are confirmed while the text the representative confirmed is still the contract's text.</summary>
    public static bool ClausesCurrent(OutsideOrganization o) =>
        o.ContractClauses is { Length: > 0 } text && o.ClausesConfirmedSha256 == Sha256(text);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public const string NotReady = "ガイドラインの確認と、団体の代表者による契約条項（SNS の運用）の確認が済むまで、投稿を作成・編集できません。「確認」の画面から確認してください。";

    /// <summary>Null for the municipality's own staff (nothing is read for them: this runs on every save of a draft).</summary>
    public static async Task<OutsideReadiness?> OfAsync(KohoDbContext db, ClaimsPrincipal user, GuidelinePackService packs, CancellationToken ct)
    {
        if (OutsideAccess.OrganizationOf(user) is not { } organizationId) return null;
        var organization = await db.OutsideOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null) return null;
        var me = CurrentUser.From(user);
        var pack = await packs.ForTenantAsync(me.TenantId, ct);
        var sha = Acknowledgements.Fingerprint(pack);
        var notice = await db.GuidelineNotices.AsNoTracking().Where(n => n.SupersededAt == null).OrderByDescending(n => n.Number).FirstOrDefaultAsync(ct);
        DateTimeOffset? at = (await GuidelineConfirmedAsync(db, [me.Id], sha, notice, ct)).TryGetValue(me.Id, out var when) ? when : null;
        return new OutsideReadiness(organization, pack, sha, notice, at is not null, at, ClausesCurrent(organization));
    }

    /// <summary>
    /// When each person confirmed the guideline version <paramref name="packSha256"/>: on the outside organisations' page,
    /// or — where <paramref name="current"/> is HR's notice of that very version — as staff do, on the notice.
    /// </summary>
    public static async Task<Dictionary<Guid, DateTimeOffset>> GuidelineConfirmedAsync(KohoDbContext db, IReadOnlyCollection<Guid> userIds, string packSha256,
        GuidelineNotice? current, CancellationToken ct)
    {
        var confirmed = await db.OutsideGuidelineConfirmations.AsNoTracking().Where(c => userIds.Contains(c.UserId) && c.PackSha256 == packSha256)
            .ToDictionaryAsync(c => c.UserId, c => c.ConfirmedAt, ct);
        if (current is not null && current.PackSha256 == packSha256)
            foreach (var a in await db.GuidelineAcknowledgements.AsNoTracking().Where(a => a.NoticeId == current.Id && userIds.Contains(a.UserId)).ToListAsync(ct))
                confirmed.TryAdd(a.UserId, a.AcknowledgedAt);
        return confirmed;
    }
}

/// <summary>
/// The people of outside organisations: accounts made from the organisation's page (運用担当者 only, a second factor
/// required), revoked one by one or all at once when the organisation ends; the contract's social media clauses and
/// the representative's confirmation of them; a person's confirmation of the guideline where HR has not published the
/// version in force. Managed by whoever manages the organisation (<see cref="OutsideOrganizations.MayManageAsync"/>).
/// </summary>
public sealed class OutsidePeople(KohoDbContext db, AuditTrail audit, TimeProvider time, OrganizationService organizations, OutsideOrganizations register,
    GuidelinePackService packs)
{
    public const int MaxClauses = 10_000;

    public Task<List<KohoUser>> MembersAsync(Guid organizationId, CancellationToken ct) =>
        db.TenantUsers.AsNoTracking().Where(u => u.OutsideOrganizationId == organizationId).OrderBy(u => u.DisplayName).ToListAsync(ct);

    /// <summary>Whether a person's access is revoked (locked out for good).</summary>
    public static bool Revoked(KohoUser u, DateTimeOffset now) => u.LockoutEnd is { } end && end > now.AddYears(50);

    public async Task<Result<KohoUser>> AddAsync(ClaimsPrincipal user, Guid organizationId, OutsidePersonInput input, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var organization = await db.OutsideOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await register.MayManageAsync(user, organization.DepartmentId, ct)) return Result<KohoUser>.Fail(["団体が見つかりません。"]);
        if (organization.EndedAt is not null || organization.PeriodTo < JapaneseDates.TodayJst(time))
            return Result<KohoUser>.Fail(["運用が終わった団体には担当者を追加できません。"]);
        // The organisation's people draft and nothing more (Joetsu 6(1)②: approval stays with the municipality).
        var result = await organizations.CreateUserAsync(me.TenantId,
            new NewUser(input.UserName ?? "", input.DisplayName ?? "", input.Email, null, [KohoRoles.Operator], input.Password ?? "",
                organization.Id, input.Representative), me.Actor, ct);
        return result;
    }

    /// <summary>Revokes one person at once: locked out for good, and their sessions end (new security stamp).</summary>
    public async Task<Result<KohoUser>> RevokeAsync(ClaimsPrincipal user, Guid organizationId, Guid personId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var organization = await db.OutsideOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await register.MayManageAsync(user, organization.DepartmentId, ct)) return Result<KohoUser>.Fail(["団体が見つかりません。"]);
        var person = await db.TenantUsers.FirstOrDefaultAsync(u => u.Id == personId && u.OutsideOrganizationId == organizationId, ct);
        if (person is null) return Result<KohoUser>.Fail(["この団体の担当者が見つかりません。"]);
        if (Revoked(person, time.GetUtcNow())) return Result<KohoUser>.Fail(["この担当者の利用はすでに停止しています。"]);
        Revoke(person);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.person-revoked", "user", person.Id.ToString(),
            After: AuditSummary.Of(new { Organization = organization.Name, person.UserName, person.DisplayName }))], ct);
        return Result<KohoUser>.Ok(person);
    }

    /// <summary>Locked out for good and signed out everywhere within the stamp's validation interval (the gate refuses at once).</summary>
    public static void Revoke(KohoUser person)
    {
        person.LockoutEnabled = true;
        person.LockoutEnd = DateTimeOffset.MaxValue;
        person.SecurityStamp = Guid.NewGuid().ToString("N");
        person.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>The municipality writes (or changes) the contract's social media clauses; a change asks the representative again.</summary>
    public async Task<Result<OutsideOrganization>> SetClausesAsync(ClaimsPrincipal user, Guid organizationId, int? version, string? clauses, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var text = clauses?.Replace("\r\n", "\n").Trim() ?? "";
        if (text.Length is 0 or > MaxClauses) return Result<OutsideOrganization>.Fail([$"契約書・協定書の SNS の運用に関する条項を{MaxClauses}文字以内で入力してください。"]);
        var organization = await db.OutsideOrganizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await register.MayManageAsync(user, organization.DepartmentId, ct)) return Result<OutsideOrganization>.Fail(["団体が見つかりません。"]);
        if (organization.EndedAt is not null) return Result<OutsideOrganization>.Fail(["この団体の運用は終了しています。"]);
        if (version != organization.Version) return Result<OutsideOrganization>.Fail(["他の人が先に更新しました。画面を開き直してください。"]);
        if (organization.ContractClauses == text) return Result<OutsideOrganization>.Fail(["条項は変わっていません。"]);
        var before = organization.ContractClauses is { } old ? OutsideReadiness.Sha256(old)[..16] : null;
        organization.ContractClauses = text;
        organization.Version++;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.clauses-set", "outside-organization", organization.Id.ToString(),
                Before: before is null ? null : AuditSummary.Of(new { Sha256 = before }),
                After: AuditSummary.Of(new { organization.Name, Length = text.Length, Sha256 = OutsideReadiness.Sha256(text)[..16] }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideOrganization>.Fail(["他の操作と重なりました。画面を開き直してください。"]); }
        return Result<OutsideOrganization>.Ok(organization);
    }

    /// <summary>The organisation's representative confirms the clauses as they now stand.</summary>
    public async Task<Result<OutsideOrganization>> ConfirmClausesAsync(ClaimsPrincipal user, string? sha256, bool read, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        if (OutsideAccess.OrganizationOf(user) is not { } organizationId) return Result<OutsideOrganization>.Fail(["外部の運用団体の代表者が確認します。"]);
        var person = await db.TenantUsers.AsNoTracking().FirstAsync(u => u.Id == me.Id, ct);
        if (!person.IsOutsideRepresentative) return Result<OutsideOrganization>.Fail(["契約条項の確認は団体の代表者が行います。"]);
        var organization = await db.OutsideOrganizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || organization.EndedAt is not null) return Result<OutsideOrganization>.Fail(["団体の運用は終了しています。"]);
        if (organization.ContractClauses is not { Length: > 0 } text) return Result<OutsideOrganization>.Fail(["所管課が契約条項をまだ登録していません。"]);
        if (!read) return Result<OutsideOrganization>.Fail(["「契約条項を読み、団体として遵守します」にチェックを入れてください。"]);
        var hash = OutsideReadiness.Sha256(text);
        // The text shown must be the text confirmed: changed meanwhile, it is shown again.
        if (sha256 != hash) return Result<OutsideOrganization>.Fail(["確認している間に条項が変わりました。新しい条項を読んでから確認してください。"]);
        if (organization.ClausesConfirmedSha256 == hash) return Result<OutsideOrganization>.Fail(["この条項はすでに確認済みです。"]);
        organization.ClausesConfirmedAt = time.GetUtcNow();
        organization.ClausesConfirmedById = me.Id;
        organization.ClausesConfirmedByName = me.DisplayName;
        organization.ClausesConfirmedSha256 = hash;
        organization.Version++;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.clauses-confirmed", "outside-organization", organization.Id.ToString(),
                After: AuditSummary.Of(new { organization.Name, Sha256 = hash[..16] }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideOrganization>.Fail(["他の操作と重なりました。画面を開き直してください。"]); }
        return Result<OutsideOrganization>.Ok(organization);
    }

    /// <summary>A person confirms the guideline in force where HR has published no notice of it (else they confirm the notice).</summary>
    public async Task<Result<OutsideGuidelineConfirmation>> ConfirmGuidelineAsync(ClaimsPrincipal user, string? packSha256, bool read, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var readiness = await OutsideReadiness.OfAsync(db, user, packs, ct);
        if (readiness is null) return Result<OutsideGuidelineConfirmation>.Fail(["外部の運用団体の方が確認する画面です。"]);
        if (readiness.UsesNotice) return Result<OutsideGuidelineConfirmation>.Fail(["人事担当が周知した版を、確認のクイズとともに確認してください。"]);
        if (packSha256 != readiness.PackSha256) return Result<OutsideGuidelineConfirmation>.Fail(["ガイドラインの版が変わりました。新しい版を読んでから確認してください。"]);
        if (readiness.GuidelineConfirmed) return Result<OutsideGuidelineConfirmation>.Fail(["この版はすでに確認済みです。"]);
        if (!read) return Result<OutsideGuidelineConfirmation>.Fail(["「ガイドラインを読み、内容を理解しました」にチェックを入れてください。"]);
        var confirmation = new OutsideGuidelineConfirmation
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, UserId = me.Id, OrganizationId = readiness.Organization.Id, PackSha256 = readiness.PackSha256,
            PackReference = readiness.Pack.Reference, ConfirmedAt = time.GetUtcNow(),
        };
        db.OutsideGuidelineConfirmations.Add(confirmation);
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.guideline-confirmed", "outside-organization", readiness.Organization.Id.ToString(),
                After: AuditSummary.Of(new { readiness.Organization.Name, readiness.Pack.Reference, Edition = Acknowledgements.Edition(readiness.Pack.Pack) }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideGuidelineConfirmation>.Fail(["この版はすでに確認済みです。"]); }
        return Result<OutsideGuidelineConfirmation>.Ok(confirmation);
    }
}
