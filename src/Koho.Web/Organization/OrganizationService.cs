using Koho.Packs;
using Koho.Web.Audit;
using Koho.Web.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Organization;

/// <summary>
/// Changes to a tenant's organisation: tenants, departments, staff and their roles. Each method validates
/// first, then saves the change with its audit record in one transaction, or returns Japanese error messages
/// and changes nothing.
/// </summary>
public sealed class OrganizationService(KohoDbContext db, AuditTrail audit, UserManager<KohoUser> users, TimeProvider clock)
{
    public async Task<Result<Tenant>> CreateTenantAsync(string code, string name, AuditActor actor, CancellationToken ct = default)
    {
        code = LocalGovernmentCode.Normalize(code);
        name = name.Trim();
        var errors = new List<string>();
        if (!LocalGovernmentCode.IsValid(code)) errors.Add("地方公共団体コードは検査数字を含む6桁の数字です（例: 132039）。");
        if (name.Length is 0 or > 100) errors.Add("団体名を100文字以内で入力してください。");
        if (errors.Count == 0 && await db.Tenants.AnyAsync(t => t.Code == code, ct)) errors.Add($"地方公共団体コード {code} の団体は既に登録されています。");
        if (errors.Count > 0) return Result<Tenant>.Fail(errors);

        var tenant = new Tenant { Id = Guid.NewGuid(), Code = code, Name = name, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        await audit.SaveAsync(new AuditEntry(tenant.Id, actor, "tenant.created", "tenant", tenant.Id.ToString(),
            After: AuditSummary.Of(new { tenant.Code, tenant.Name })), ct);
        return Result<Tenant>.Ok(tenant);
    }

    public async Task<Result<Department>> CreateDepartmentAsync(Guid tenantId, string name, Guid? parentId, AuditActor actor, CancellationToken ct = default)
    {
        name = name.Trim();
        var errors = new List<string>();
        if (name.Length is 0 or > 100) errors.Add("部署名を100文字以内で入力してください。");
        Department? parent = null;
        if (parentId is { } pid)
        {
            parent = await db.Departments.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == pid && d.TenantId == tenantId, ct);
            if (parent is null) errors.Add("上位の部署が見つかりません。");
            else if (parent.Level == DepartmentLevel.Unit) errors.Add("係の下には部署を作れません（部 → 課 → 係）。");
        }
        if (errors.Count == 0 && await db.Departments.IgnoreQueryFilters()
                .AnyAsync(d => d.TenantId == tenantId && d.ParentId == parentId && d.Name == name, ct))
            errors.Add($"同じ階層に「{name}」が既にあります。");
        if (errors.Count > 0) return Result<Department>.Fail(errors);

        var siblings = await db.Departments.IgnoreQueryFilters().CountAsync(d => d.TenantId == tenantId && d.ParentId == parentId, ct);
        var department = new Department
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            ParentId = parentId,
            Name = name,
            Level = DepartmentLevels.ChildLevelOf(parent?.Level),
            SortOrder = siblings + 1,
        };
        db.Departments.Add(department);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "department.created", "department", department.Id.ToString(),
            After: AuditSummary.Of(new { department.Name, Level = department.Level.Label(), Parent = parent?.Name })), ct);
        return Result<Department>.Ok(department);
    }

    public async Task<Result<KohoUser>> CreateUserAsync(Guid tenantId, NewUser input, AuditActor actor, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var userName = input.UserName.Trim();
        var displayName = input.DisplayName.Trim();
        if (userName.Length is 0 or > 64) errors.Add("サインイン名を64文字以内で入力してください。");
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && (email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
            errors.Add("メールアドレスの形式が正しくありません。");
        if (displayName.Length is 0 or > 100) errors.Add("氏名を100文字以内で入力してください。");
        if (input.DepartmentId is { } depId && !await db.Departments.IgnoreQueryFilters().AnyAsync(d => d.Id == depId && d.TenantId == tenantId, ct))
            errors.Add("所属が見つかりません。");
        var unknownRoles = input.Roles.Where(r => !KohoRoles.All.Contains(r)).ToList();
        if (unknownRoles.Count > 0) errors.Add($"不明な役割です: {string.Join(", ", unknownRoles)}");
        if (input.Roles.Count == 0) errors.Add("役割を一つ以上選んでください。");
        string? outsideName = null;
        if (input.OutsideOrganizationId is { } outside)
        {
            outsideName = await db.OutsideOrganizations.IgnoreQueryFilters().Where(o => o.Id == outside && o.TenantId == tenantId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (outsideName is null) errors.Add("団体が見つかりません。");
            if (!OutsideRolesOnly(input.Roles) || input.DepartmentId is not null) errors.Add(OutsideRolesMessage);
        }

        var user = new KohoUser
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            UserName = userName,
            DisplayName = displayName,
            DepartmentId = input.DepartmentId,
            Email = email,
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
            OutsideOrganizationId = input.OutsideOrganizationId,
            IsOutsideRepresentative = input.OutsideOrganizationId is not null && input.IsOutsideRepresentative,
        };
        // Validate name and password with Identity's own validators before anything is written.
        foreach (var v in users.UserValidators)
        {
            var r = await v.ValidateAsync(users, user);
            errors.AddRange(r.Errors.Select(e => e.Description));
        }
        foreach (var v in users.PasswordValidators)
        {
            var r = await v.ValidateAsync(users, user, input.Password);
            errors.AddRange(r.Errors.Select(e => e.Description));
        }
        if (errors.Count > 0) return Result<KohoUser>.Fail(errors.Distinct().ToList());

        user.NormalizedUserName = users.NormalizeName(user.UserName);
        user.NormalizedEmail = users.NormalizeEmail(user.Email);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, input.Password);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.Users.Add(user);
        await AddRolesAsync(user.Id, input.Roles, ct);
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "user.created", "user", user.Id.ToString(),
            After: AuditSummary.Of(new { user.UserName, user.DisplayName, Department = await DepartmentNameAsync(input.DepartmentId, ct), Roles = input.Roles.Order(),
                OutsideOrganization = outsideName, Representative = user.IsOutsideRepresentative ? true : (bool?)null })), ct);
        return Result<KohoUser>.Ok(user);
    }

    /// <summary>People of outside organisations draft and nothing more: approval stays with the municipality (Joetsu 6(1)②).</summary>
    private static bool OutsideRolesOnly(IReadOnlyCollection<string> roles) => roles.Count == 1 && roles.Contains(KohoRoles.Operator);

    public const string OutsideRolesMessage = "外部の運用団体の方に与えられるのは「運用担当者」の役割だけで、市区町村の所属は持てません。";

    public async Task<Result<KohoUser>> UpdateUserAsync(Guid tenantId, Guid userId, Guid? departmentId, IReadOnlyCollection<string> roles, AuditActor actor, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.TenantId == tenantId, ct);
        if (user is null) return Result<KohoUser>.Fail(["ユーザーが見つかりません。"]);
        var errors = new List<string>();
        if (departmentId is { } depId && !await db.Departments.IgnoreQueryFilters().AnyAsync(d => d.Id == depId && d.TenantId == tenantId, ct))
            errors.Add("所属が見つかりません。");
        if (roles.Any(r => !KohoRoles.All.Contains(r))) errors.Add("不明な役割が含まれています。");
        if (roles.Count == 0) errors.Add("役割を一つ以上選んでください。");
        var currentRoles = await RolesOfAsync(userId, ct);
        if (user.OutsideOrganizationId is not null && (!OutsideRolesOnly(roles) || departmentId is not null)) errors.Add(OutsideRolesMessage);
        if (actor.Id == userId && currentRoles.Contains(KohoRoles.Administrator) && !roles.Contains(KohoRoles.Administrator))
            errors.Add("自分自身からシステム管理者の役割を外すことはできません。");
        if (errors.Count > 0) return Result<KohoUser>.Fail(errors);

        var before = AuditSummary.Of(new { Department = await DepartmentNameAsync(user.DepartmentId, ct), Roles = currentRoles.Order() });
        user.DepartmentId = departmentId;
        // A change of roles must reach the user's cookie: a new stamp signs them in again with fresh claims.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        db.UserRoles.RemoveRange(await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(ct));
        db.UserRoles.AddRange(roleIds.Select(id => new IdentityUserRole<Guid> { UserId = userId, RoleId = id }));
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "user.updated", "user", user.Id.ToString(),
            Before: before, After: AuditSummary.Of(new { Department = await DepartmentNameAsync(departmentId, ct), Roles = roles.Order() })), ct);
        return Result<KohoUser>.Ok(user);
    }

    public async Task<Result<Tenant>> UpdateSettingsAsync(Guid tenantId, OfficeNames offices, bool requireTwoFactor, AuditActor actor, CancellationToken ct = default)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return Result<Tenant>.Fail(["団体が見つかりません。"]);
        var names = new[] { offices.PrOffice, offices.ItOffice, offices.HrOffice, offices.Council, offices.Ciso };
        if (names.Any(n => string.IsNullOrWhiteSpace(n) || n.Trim().Length > 100))
            return Result<Tenant>.Fail(["各部署・役職の名称を100文字以内で入力してください。"]);

        var before = AuditSummary.Of(new { tenant.Offices, tenant.RequireTwoFactorForApprovers });
        tenant.Offices = new OfficeNames
        {
            PrOffice = offices.PrOffice.Trim(),
            ItOffice = offices.ItOffice.Trim(),
            HrOffice = offices.HrOffice.Trim(),
            Council = offices.Council.Trim(),
            Ciso = offices.Ciso.Trim(),
        };
        tenant.RequireTwoFactorForApprovers = requireTwoFactor;
        await audit.SaveAsync(new AuditEntry(tenantId, actor, "tenant.settings-changed", "tenant", tenantId.ToString(),
            Before: before, After: AuditSummary.Of(new { tenant.Offices, tenant.RequireTwoFactorForApprovers })), ct);
        return Result<Tenant>.Ok(tenant);
    }

    public async Task<List<string>> RolesOfAsync(Guid userId, CancellationToken ct = default) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == userId
               select r.Name!).ToListAsync(ct);

    /// <summary>Audit summaries name the department, which a reader understands, rather than its id.</summary>
    private async Task<string?> DepartmentNameAsync(Guid? id, CancellationToken ct) =>
        id is null ? null : await db.Departments.IgnoreQueryFilters().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(ct);

    private async Task AddRolesAsync(Guid userId, IEnumerable<string> roles, CancellationToken ct)
    {
        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        db.UserRoles.AddRange(roleIds.Select(id => new IdentityUserRole<Guid> { UserId = userId, RoleId = id }));
    }
}

/// <param name="OutsideOrganizationId">For a person of an outside organisation: no department, the operator role only.</param>
public sealed record NewUser(string UserName, string DisplayName, string? Email, Guid? DepartmentId, IReadOnlyCollection<string> Roles, string Password,
    Guid? OutsideOrganizationId = null, bool IsOutsideRepresentative = false);

/// <summary>The outcome of a change: the saved value, or the reasons nothing was saved.</summary>
public sealed record Result<T>(T? Value, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
    public static Result<T> Ok(T value) => new(value, []);
    public static Result<T> Fail(IReadOnlyList<string> errors) => new(default, errors);
}
