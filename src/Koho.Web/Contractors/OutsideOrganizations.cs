using System.Security.Claims;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Shell;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Contractors;

public sealed record OutsideOrganizationInput(string? Name, OutsideKind? Kind, string? Service, DateOnly? PeriodFrom, DateOnly? PeriodTo,
    Guid? DepartmentId, Guid? AccountManagerId);

/// <summary>
/// The register of outside organisations that run official accounts for the municipality: registering one with its
/// period, responsible department and account manager, assigning the department's accounts to it, ending it. Those who
/// manage the department's accounts manage its organisations (the PR office and administrators all of them; a 所属長 those
/// of their own department and the units under it). Every change is audited.
/// </summary>
public sealed class OutsideOrganizations(KohoDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>How long before the end of the period the account manager is warned.</summary>
    public const int WarnDaysBefore = 30;

    public Task<bool> MayManageAsync(ClaimsPrincipal user, Guid departmentId, CancellationToken ct) =>
        AccountScope.CanManageAsync(db, user, departmentId, ct);

    /// <summary>The account managers (所属長) over a department: who may answer for an organisation it contracts.</summary>
    public async Task<List<KohoUser>> AccountManagersForAsync(Guid departmentId, CancellationToken ct)
    {
        var parents = await DepartmentTree.ParentsAsync(db, ct);
        var managers = await db.UsersInRole(KohoRoles.AccountManager).AsNoTracking().Where(u => u.DepartmentId != null).ToListAsync(ct);
        return managers.Where(m => DepartmentTree.IsWithin(parents, departmentId, m.DepartmentId!.Value)).OrderBy(m => m.DisplayName, StringComparer.Ordinal).ToList();
    }

    public async Task<Result<OutsideOrganization>> RegisterAsync(ClaimsPrincipal user, OutsideOrganizationInput input, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var errors = new List<string>();
        var name = input.Name?.Trim() ?? "";
        var service = input.Service?.Trim() ?? "";
        if (name.Length is 0 or > 200) errors.Add("団体の名称を200文字以内で入力してください。");
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) { errors.Add("団体の種類（指定管理者・委託事業者・財政援助出資団体）を選んでください。"); kind = default; }
        if (service.Length is 0 or > 200) errors.Add("対象の施設・業務を200文字以内で入力してください。");
        if (input.PeriodFrom is not { } from || input.PeriodTo is not { } to) { errors.Add("期間の始めと終わりの日を入力してください。"); from = to = default; }
        else if (to < from) errors.Add("期間の終わりは始めより後の日にしてください。");
        else if (to < JapaneseDates.TodayJst(time)) errors.Add("期間がすでに終わっています。終わった契約・指定は登録できません。");
        if (input.DepartmentId is not { } departmentId || !await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
        {
            errors.Add("所管課を選んでください。");
            departmentId = default;
        }
        else if (!await MayManageAsync(user, departmentId, ct)) errors.Add("この所管課の団体を登録する権限がありません（所管課の所属長・広報担当・管理者）。");
        if (departmentId != default && (input.AccountManagerId is not { } managerId || (await AccountManagersForAsync(departmentId, ct)).All(m => m.Id != managerId)))
            errors.Add("運用管理責任者には、所管課の所属長（運用管理責任者の役割を持つ人）を選んでください。");
        if (errors.Count > 0) return Result<OutsideOrganization>.Fail(errors);

        var organization = new OutsideOrganization
        {
            Id = Guid.NewGuid(), TenantId = me.TenantId, Name = name, Kind = kind, Service = service, PeriodFrom = from, PeriodTo = to,
            DepartmentId = departmentId, AccountManagerId = input.AccountManagerId!.Value, CreatedAt = time.GetUtcNow(), CreatedByName = me.DisplayName, Version = 1,
        };
        db.OutsideOrganizations.Add(organization);
        await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.registered", "outside-organization", organization.Id.ToString(),
            After: AuditSummary.Of(new { organization.Name, Kind = kind.Label(), organization.Service, From = from.ToString("yyyy-MM-dd"), To = to.ToString("yyyy-MM-dd"),
                Department = departmentId, AccountManager = organization.AccountManagerId }))], ct);
        return Result<OutsideOrganization>.Ok(organization);
    }

    /// <summary>Assigns one of the responsible department's accounts (or its units') to a running organisation.</summary>
    public async Task<Result<OutsideAssignment>> AssignAsync(ClaimsPrincipal user, Guid organizationId, Guid? accountId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var (organization, refusal) = await ForChangeAsync(user, organizationId, ct);
        if (organization is null) return Result<OutsideAssignment>.Fail([refusal!]);
        var account = accountId is { } aid ? await db.OfficialAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == aid, ct) : null;
        if (account is null) return Result<OutsideAssignment>.Fail(["公式アカウントを選んでください。"]);
        if (!DepartmentTree.IsWithin(await DepartmentTree.ParentsAsync(db, ct), account.DepartmentId, organization.DepartmentId))
            return Result<OutsideAssignment>.Fail([$"「{account.Name}」は所管課の公式アカウントではありません。団体に任せられるのは所管課（とその下の係）のアカウントだけです。"]);
        if (account.Status is AccountStatus.Suspended or AccountStatus.Deleted)
            return Result<OutsideAssignment>.Fail([$"「{account.Name}」は停止・削除されたアカウントです。"]);
        if (await db.OutsideAssignments.AnyAsync(x => x.OrganizationId == organizationId && x.AccountId == account.Id, ct))
            return Result<OutsideAssignment>.Fail([$"「{account.Name}」はすでにこの団体に任せています。"]);
        var assignment = new OutsideAssignment
        {
            TenantId = me.TenantId, OrganizationId = organizationId, AccountId = account.Id, AssignedAt = time.GetUtcNow(), AssignedByName = me.DisplayName,
        };
        db.OutsideAssignments.Add(assignment);
        organization.Version++;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.account-assigned", "outside-organization", organizationId.ToString(),
                After: AuditSummary.Of(new { organization.Name, Account = account.Name }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideAssignment>.Fail(["他の操作と重なりました。画面を開き直してください。"]); }
        return Result<OutsideAssignment>.Ok(assignment);
    }

    public async Task<Result<OutsideAssignment>> UnassignAsync(ClaimsPrincipal user, Guid organizationId, Guid accountId, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        var organization = await db.OutsideOrganizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await MayManageAsync(user, organization.DepartmentId, ct)) return Result<OutsideAssignment>.Fail(["団体が見つかりません。"]);
        var assignment = await db.OutsideAssignments.FirstOrDefaultAsync(x => x.OrganizationId == organizationId && x.AccountId == accountId, ct);
        if (assignment is null) return Result<OutsideAssignment>.Fail(["このアカウントはこの団体に任せていません。"]);
        var accountName = await db.OfficialAccounts.Where(a => a.Id == accountId).Select(a => a.Name).FirstAsync(ct);
        db.OutsideAssignments.Remove(assignment);
        organization.Version++;
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.account-unassigned", "outside-organization", organizationId.ToString(),
                Before: AuditSummary.Of(new { organization.Name, Account = accountName }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideAssignment>.Fail(["他の操作と重なりました。画面を開き直してください。"]); }
        return Result<OutsideAssignment>.Ok(assignment);
    }

    /// <summary>Ends the assignment (契約終了・指定の取消し・期間満了): the organisation no longer acts on any account.</summary>
    public async Task<Result<OutsideOrganization>> EndAsync(ClaimsPrincipal user, Guid organizationId, string? reason, CancellationToken ct = default)
    {
        var me = CurrentUser.From(user);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000) return Result<OutsideOrganization>.Fail(["終了の理由（期間満了、契約解除など）を1000文字以内で入力してください。"]);
        var organization = await db.OutsideOrganizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await MayManageAsync(user, organization.DepartmentId, ct)) return Result<OutsideOrganization>.Fail(["団体が見つかりません。"]);
        if (organization.EndedAt is not null) return Result<OutsideOrganization>.Fail(["この団体の運用はすでに終了しています。"]);
        organization.EndedAt = time.GetUtcNow();
        organization.EndedByName = me.DisplayName;
        organization.EndReason = reason;
        organization.Version++;
        // What the organisation's people knew must change: each account it ran gets a hygiene task for its manager
        // (password, connected apps) until recorded as done after today.
        var accountIds = await db.OutsideAssignments.Where(x => x.OrganizationId == organizationId).Select(x => x.AccountId).ToListAsync(ct);
        var accounts = await db.OfficialAccounts.Where(a => accountIds.Contains(a.Id)).ToListAsync(ct);
        var today = JapaneseDates.TodayJst(time);
        foreach (var account in accounts)
        {
            account.RotationDueSince = today;
            account.RotationReason = TextClip.Clip($"外部の運用団体「{organization.Name}」の運用終了", 300);
        }
        // Its people lose access at once, in the same transaction: locked out for good, every session ended.
        var people = await db.TenantUsers.Where(u => u.OutsideOrganizationId == organizationId).ToListAsync(ct);
        foreach (var person in people) OutsidePeople.Revoke(person);
        try
        {
            await audit.SaveAsync([new AuditEntry(me.TenantId, me.Actor, "outside.ended", "outside-organization", organizationId.ToString(),
                After: AuditSummary.Of(new { organization.Name, Reason = reason, Accounts = accounts.Select(a => a.Name).ToList(), RotationDueSince = today.ToString("yyyy-MM-dd"),
                    Revoked = people.Select(p => p.UserName).ToList() }))], ct);
        }
        catch (DbUpdateException) { return Result<OutsideOrganization>.Fail(["他の操作と重なりました。画面を開き直してください。"]); }
        return Result<OutsideOrganization>.Ok(organization);
    }

    /// <summary>One account's offboarding: what the organisation's people knew, and whether it has been changed since the end.</summary>
    public sealed record OffboardingItem(OfficialAccount Account, bool PasswordChanged, DateTimeOffset? CredentialSetAt, bool CredentialRenewed,
        IReadOnlyList<(string App, bool Reviewed)> Apps);

    /// <summary>
    /// After an organisation ended: per account it ran, the platform password, the API credentials kept in Koho and the
    /// connected applications — each to be rotated, renewed or revoked, and whether that has been recorded since.
    /// </summary>
    public async Task<List<OffboardingItem>> OffboardingAsync(OutsideOrganization organization, CancellationToken ct)
    {
        if (organization.EndedAt is not { } ended) return [];
        var since = DateOnly.FromDateTime(JapaneseDates.ToJst(ended).DateTime);
        var accountIds = await db.OutsideAssignments.AsNoTracking().Where(x => x.OrganizationId == organization.Id).Select(x => x.AccountId).ToListAsync(ct);
        var accounts = await db.OfficialAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).OrderBy(a => a.Name).ToListAsync(ct);
        var credentials = await db.PlatformCredentials.AsNoTracking().Where(c => accountIds.Contains(c.AccountId)).ToDictionaryAsync(c => c.AccountId, c => c.SetAt, ct);
        var apps = (await db.ConnectedApps.AsNoTracking().Where(c => accountIds.Contains(c.AccountId)).ToListAsync(ct)).ToLookup(c => c.AccountId);
        return accounts.Select(a => new OffboardingItem(a,
            a.PasswordChangedOn >= since,
            credentials.TryGetValue(a.Id, out var setAt) ? setAt : null,
            credentials.TryGetValue(a.Id, out var s2) && s2 > ended,
            apps[a.Id].OrderBy(x => x.Name).Select(x => (x.Name, x.LastReviewedOn >= since)).ToList())).ToList();
    }

    /// <summary>Organisations whose period ends within <see cref="WarnDaysBefore"/> days (or has ended) and are not yet ended in Koho, for their account manager.</summary>
    public async Task<List<OutsideOrganization>> EndingForAsync(Guid accountManagerId, CancellationToken ct)
    {
        var limit = JapaneseDates.TodayJst(time).AddDays(WarnDaysBefore);
        return await db.OutsideOrganizations.AsNoTracking()
            .Where(o => o.AccountManagerId == accountManagerId && o.EndedAt == null && o.PeriodTo <= limit)
            .OrderBy(o => o.PeriodTo).ToListAsync(ct);
    }

    private async Task<(OutsideOrganization? Organization, string? Refusal)> ForChangeAsync(ClaimsPrincipal user, Guid organizationId, CancellationToken ct)
    {
        var organization = await db.OutsideOrganizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null || !await MayManageAsync(user, organization.DepartmentId, ct)) return (null, "団体が見つかりません。");
        // Accounts may be assigned ahead of the period's start; its people reach them only within the period.
        if (organization.EndedAt is not null) return (null, "この団体の運用は終了しています。");
        if (organization.PeriodTo < JapaneseDates.TodayJst(time)) return (null, "期間が終わった団体にはアカウントを任せられません。");
        return (organization, null);
    }
}
