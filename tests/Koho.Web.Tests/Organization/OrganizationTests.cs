using System.Net;
using Koho.Web.Database;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Organization;

public abstract class OrganizationTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Guid> DemoTenantAsync() =>
        fixture.App.DemoTenantIdAsync();

    private async Task<(int Departments, long AuditRecords)> CountsAsync(Guid tenantId) =>
        await fixture.App.WithDbAsync(async (db, _) =>
            (await db.Departments.CountAsync(Ct), await db.AuditRecords.LongCountAsync(Ct)), tenantId);

    [Fact]
    public async Task The_demo_municipality_has_its_guidelines_office_names_and_hierarchy()
    {
        var client = await fixture.App.SignedInClientAsync("admin");
        var org = await client.GetHtmlAsync("/organization");
        Assert.Contains("総合政策部", org);
        Assert.Contains("tree__item--depth-1\">\n                        <span class=\"level-tag\">課</span> 秘書広報課", org);
        var users = await client.GetHtmlAsync("/organization/users");
        Assert.Contains("秘書広報課", users);   // the PR office role, named as Musashino's guideline does
        Assert.Contains("ICT戦略会議", users);
        Assert.Contains("情報政策課", users);
    }

    [Fact]
    public async Task An_administrator_adds_a_section_under_a_bureau_and_it_is_audited()
    {
        var tenantId = await DemoTenantAsync();
        var bureau = await fixture.App.WithDbAsync(async (db, _) => (await db.Departments.FirstAsync(d => d.Name == "防災安全部", Ct)).Id, tenantId);
        var client = await fixture.App.SignedInClientAsync("admin"); // signing in is audited too, so count after it
        var (_, auditBefore) = await CountsAsync(tenantId);
        var name = "危機管理課" + Guid.NewGuid().ToString("N")[..4];
        var r = await client.PostFormAsync("/organization", new() { ["Name"] = name, ["ParentId"] = bureau.ToString() });
        Assert.Contains($"「{name}」を追加しました。", await r.Content.ReadAsStringAsync(Ct));

        var record = await fixture.App.WithDbAsync(async (db, _) =>
            await db.AuditRecords.OrderByDescending(x => x.Seq).FirstAsync(Ct), tenantId);
        Assert.Equal("department.created", record.Action);
        Assert.Contains("管理 七海", record.ActorName);
        Assert.Contains(name, record.After);
        Assert.Contains("\"Level\":\"課\"", record.After);
        Assert.Equal(auditBefore + 1, (await CountsAsync(tenantId)).AuditRecords);
    }

    [Theory]
    [InlineData("", "部署名を100文字以内で入力してください。")]
    [InlineData("総合政策部", "同じ階層に「総合政策部」が既にあります。")]
    public async Task Bad_input_gets_a_Japanese_message_and_changes_nothing(string name, string message)
    {
        var tenantId = await DemoTenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        var before = await CountsAsync(tenantId);
        var r = await client.PostFormAsync("/organization", new() { ["Name"] = name });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(message, await r.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountsAsync(tenantId));
    }

    [Fact]
    public async Task Nothing_can_be_added_under_a_unit_which_is_the_lowest_level()
    {
        var tenantId = await DemoTenantAsync();
        var unit = await fixture.App.WithDbAsync(async (db, _) => (await db.Departments.FirstAsync(d => d.Name == "広報担当", Ct)).Id, tenantId);
        var client = await fixture.App.SignedInClientAsync("admin");
        var before = await CountsAsync(tenantId);
        var r = await client.PostFormAsync("/organization", new() { ["Name"] = "さらに下", ["ParentId"] = unit.ToString() });
        Assert.Contains("係の下には部署を作れません", await r.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountsAsync(tenantId));
    }

    [Fact]
    public async Task A_new_staff_member_with_a_weak_password_is_refused_with_reasons()
    {
        var tenantId = await DemoTenantAsync();
        var client = await fixture.App.SignedInClientAsync("admin");
        var r = await client.PostFormAsync("/organization/users", new()
        {
            ["UserName"] = "weak-user", ["DisplayName"] = "弱い パスワード", ["Roles"] = "operator", ["Password"] = "abc",
        });
        var html = await r.Content.ReadAsStringAsync(Ct);
        Assert.Contains("パスワードは12文字以上にしてください。", html);
        Assert.Contains("パスワードに数字を含めてください。", html);
        Assert.False(await fixture.App.WithDbAsync(async (db, _) => await db.TenantUsers.AnyAsync(u => u.UserName == "weak-user", Ct), tenantId));
    }

    [Fact]
    public async Task An_administrator_changes_a_members_roles_and_department_and_it_is_audited()
    {
        var tenantId = await DemoTenantAsync();
        var (hrId, unit) = await fixture.App.WithDbAsync(async (db, _) =>
            ((await db.TenantUsers.FirstAsync(u => u.UserName == "hr", Ct)).Id, (await db.Departments.FirstAsync(d => d.Name == "人事係", Ct)).Id), tenantId);
        var client = await fixture.App.SignedInClientAsync("admin");
        var form = new List<KeyValuePair<string, string>> { new("DepartmentId", unit.ToString()), new("Roles", "hr"), new("Roles", "auditor") };
        var r = await client.PostFormAsync($"/organization/users/{hrId}", new(), extra: form);
        Assert.Contains("保存しました。", await r.Content.ReadAsStringAsync(Ct));
        var (roles, department, after) = await fixture.App.WithDbAsync(async (db, sp) =>
        {
            var org = sp.GetRequiredService<Koho.Web.Organization.OrganizationService>();
            var user = await db.TenantUsers.FirstAsync(u => u.Id == hrId, Ct);
            var record = await db.AuditRecords.Where(x => x.Action == "user.updated" && x.TargetId == hrId.ToString()).OrderByDescending(x => x.Seq).FirstAsync(Ct);
            return ((await org.RolesOfAsync(hrId, Ct)).Order().ToList(), user.DepartmentId, record.After);
        }, tenantId);
        Assert.Equal(["auditor", "hr"], roles);
        Assert.Equal(unit, department);
        Assert.Contains("人事係", after);
        // The member's next request sees the new role (the security stamp changed).
        var hr = await fixture.App.SignedInClientAsync("hr");
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/api/audit", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_cannot_remove_their_own_administrator_role()
    {
        var tenantId = await DemoTenantAsync();
        var adminId = await fixture.App.WithDbAsync(async (db, _) => (await db.TenantUsers.FirstAsync(u => u.UserName == "admin", Ct)).Id, tenantId);
        var client = await fixture.App.SignedInClientAsync("admin");
        var r = await client.PostFormAsync($"/organization/users/{adminId}", new() { ["Roles"] = "operator" });
        Assert.Contains("自分自身からシステム管理者の役割を外すことはできません。", await r.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/organization/users", Ct)).StatusCode);
    }
}

public sealed class OrganizationTestsOnSqlite(SqliteAppFixture fixture) : OrganizationTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class OrganizationTestsOnPostgres(PostgresAppFixture fixture) : OrganizationTests(fixture), IClassFixture<PostgresAppFixture>;
