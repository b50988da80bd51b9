using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Demo;

/// <summary>
/// Development only: the demo municipality 武蔵野市 (132039) with its departments, a few official accounts and
/// one user per role. Runs once; a database that already has the tenant is left alone.
/// </summary>
public static class DemoSeeder
{
    public const string TenantCode = "132039";
    public const string Password = "Koho-demo-2026";

    /// <summary>Sign-in names of the demo users, one per role (listed in the README).</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Department, string Role)> Users =
    [
        ("operator", "防災 花子", "防災課", KohoRoles.Operator),
        ("manager", "山田 太郎（防災課長）", "防災課", KohoRoles.AccountManager),
        ("pr", "広報 一郎", "秘書広報課", KohoRoles.PrOffice),
        ("prchief", "鈴木 花子（秘書広報課長）", "秘書広報課", KohoRoles.AccountManager),
        ("it", "情報 次郎", "情報政策課", KohoRoles.ItOffice),
        ("ciso", "安全 三郎（総務部長）", "総務部", KohoRoles.Ciso),
        ("council", "会議 四郎", "情報政策課", KohoRoles.Council),
        ("hr", "人事 五子", "人事課", KohoRoles.Hr),
        ("auditor", "監査 六郎", "監査委員事務局", KohoRoles.Auditor),
        ("admin", "管理 七海", "情報政策課", KohoRoles.Administrator),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<KohoDbContext>();
        if (await db.Tenants.AnyAsync(t => t.Code == TenantCode, ct)) return;

        var org = sp.GetRequiredService<OrganizationService>();
        var actor = new AuditActor(null, "demo-seed");
        var tenant = Must(await org.CreateTenantAsync(TenantCode, "武蔵野市", actor, ct));
        sp.GetRequiredService<TenantContext>().Use(tenant.Id);
        Must(await org.UpdateSettingsAsync(tenant.Id, new OfficeNames
        {
            PrOffice = "秘書広報課",
            ItOffice = "情報政策課",
            HrOffice = "人事課",
            Council = "ICT戦略会議",
            Ciso = "統括情報セキュリティ責任者",
        }, requireTwoFactor: false, actor, ct));

        var departments = new Dictionary<string, Guid>();
        async Task Dept(string name, string? parent = null) =>
            departments[name] = Must(await org.CreateDepartmentAsync(tenant.Id, name,
                parent is null ? null : departments[parent], actor, ct)).Id;

        await Dept("総合政策部");
        await Dept("秘書広報課", "総合政策部");
        await Dept("広報担当", "秘書広報課");
        await Dept("総務部");
        await Dept("情報政策課", "総務部");
        await Dept("人事課", "総務部");
        await Dept("人事係", "人事課");
        await Dept("防災安全部");
        await Dept("防災課", "防災安全部");
        await Dept("子ども家庭部");
        await Dept("子ども子育て支援課", "子ども家庭部");
        await Dept("監査委員事務局");

        foreach (var (userName, displayName, department, role) in Users)
        {
            Must(await org.CreateUserAsync(tenant.Id,
                new NewUser(userName, displayName, $"{userName}@city.musashino.example", departments[department], [role], Password), actor, ct));
        }

        var clock = sp.GetRequiredService<TimeProvider>();
        var audit = sp.GetRequiredService<AuditTrail>();
        var accounts = new[]
        {
            ("武蔵野市公式X（デモ）", Platform.X, "musashino_demo", "https://x.com/musashino_demo", "秘書広報課", AccountStatus.Operating),
            ("武蔵野市公式Facebook（デモ）", Platform.Facebook, "musashino.demo", "https://www.facebook.com/musashino.demo", "秘書広報課", AccountStatus.Operating),
            ("武蔵野市LINE公式アカウント（デモ）", Platform.Line, "@musashino-demo", "https://line.me/R/ti/p/@musashino-demo", "秘書広報課", AccountStatus.Operating),
            ("武蔵野市防災情報X（デモ）", Platform.X, "musashino_bousai_demo", "https://x.com/musashino_bousai_demo", "防災課", AccountStatus.Operating),
            ("武蔵野市子育て応援Instagram（デモ）", Platform.Instagram, "musashino_kosodate_demo", "https://www.instagram.com/musashino_kosodate_demo/", "子ども子育て支援課", AccountStatus.Applying),
        };
        var entries = new List<AuditEntry>();
        var userIds = await db.TenantUsers.ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        foreach (var (name, platform, handle, url, department, status) in accounts)
        {
            var account = new OfficialAccount
            {
                Id = Guid.NewGuid(),
                TenantId = tenant.Id,
                DepartmentId = departments[department],
                Name = name,
                Platform = platform,
                Handle = handle,
                Url = url,
                Status = status,
                CreatedAt = clock.GetUtcNow(),
                OpenedOn = status == AccountStatus.Operating ? new DateOnly(2021, 4, 1) : null,
                PolicyUrl = status == AccountStatus.Operating ? "https://www.city.musashino.lg.jp/demo/sns-policy.html" : null,
            };
            db.OfficialAccounts.Add(account);
            // Who runs it: 防災課's account by its 課長 and operator, the PR office's by 秘書広報課長 and the PR office.
            account.AccountManagerId = department switch { "防災課" => userIds["manager"], "秘書広報課" => userIds["prchief"], _ => null };
            var operatorName = department switch { "防災課" => "operator", "秘書広報課" => "pr", _ => null };
            if (operatorName is not null)
                db.AccountOperators.Add(new AccountOperator { TenantId = tenant.Id, AccountId = account.Id, UserId = userIds[operatorName] });
            entries.Add(new AuditEntry(tenant.Id, actor, "account.registered", "official-account", account.Id.ToString(),
                After: AuditSummary.Of(new { account.Name, Platform = platform.Label(), account.Handle, Status = status.Label() })));
        }
        await audit.SaveAsync(entries, ct);
    }

    private static T Must<T>(Result<T> result) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException("デモデータを作成できません: " + string.Join(" / ", result.Errors));
}
