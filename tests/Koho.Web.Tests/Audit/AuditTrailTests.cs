using System.Net;
using Koho.Cli;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Organization;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Audit;

/// <summary>
/// The audit trail is append-only and hash-chained: someone with direct database access who alters, removes
/// or reorders a record is caught by `koho audit verify` and by the administrator's page, at the first broken link.
/// </summary>
public abstract class AuditTrailTests(DatabaseKind kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A tenant whose trail holds <paramref name="changes"/> department creations after the tenant's own record.</summary>
    private static async Task<Guid> TenantWithHistoryAsync(IServiceProvider services, int changes)
    {
        await services.MigrateKohoDatabaseAsync(Ct);
        await using var scope = services.CreateAsyncScope();
        var org = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var tenant = (await org.CreateTenantAsync("132039", "武蔵野市", AuditActor.System, Ct)).Value!;
        for (var i = 1; i <= changes; i++)
        {
            Assert.True((await org.CreateDepartmentAsync(tenant.Id, $"部署{i}", null, new AuditActor(null, "tester"), Ct)).Succeeded);
        }
        return tenant.Id;
    }

    private async Task ExecAsync(IServiceProvider services, params string[] statements)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        foreach (var sql in statements) await db.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    /// <summary>An attacker with database rights first removes the append-only triggers.</summary>
    private string[] DropTriggers() => kind == DatabaseKind.Sqlite
        ? ["DROP TRIGGER AuditRecords_NoUpdate", "DROP TRIGGER AuditRecords_NoDelete"]
        : ["ALTER TABLE \"AuditRecords\" DISABLE TRIGGER \"AuditRecords_AppendOnly\""];

    /// <summary>A literal for ExecuteSqlRaw: quotes doubled, and braces doubled because the text is a format string.</summary>
    private static string Sql(string value) => value.Replace("'", "''").Replace("{", "{{").Replace("}", "}}");

    private string Q(string identifier) => kind == DatabaseKind.Sqlite ? identifier : $"\"{identifier}\"";

    private static async Task<(int Code, string Output)> CliVerifyAsync(IServiceProvider services)
    {
        var output = new StringWriter();
        var code = await KohoCli.VerifyAuditAsync(services, null, output, output, Ct);
        return (code, output.ToString());
    }

    [Fact]
    public async Task An_untouched_trail_verifies()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await TenantWithHistoryAsync(services, 5);
        var (code, output) = await CliVerifyAsync(services);
        Assert.Equal(KohoCli.Ok, code);
        Assert.Contains("OK  132039 武蔵野市: 6 件", output);
    }

    [Fact]
    public async Task The_database_itself_refuses_updates_and_deletes_of_audit_records()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await TenantWithHistoryAsync(services, 1);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(services, $"UPDATE {Q("AuditRecords")} SET {Q("ActorName")} = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(services, $"DELETE FROM {Q("AuditRecords")}"));
        Assert.Equal(KohoCli.Ok, (await CliVerifyAsync(services)).Code);
    }

    public enum Tampering { Alter, Remove, RemoveAndRenumber, Reorder }

    /// <summary>What an attacker with database rights does to a chain of six records, after dropping the triggers.</summary>
    private string[] Statements(Tampering tampering) => tampering switch
    {
        Tampering.Alter => [$"UPDATE {Q("AuditRecords")} SET {Q("After")} = '改ざんされた値' WHERE {Q("Seq")} = 4"],
        Tampering.Remove => [$"DELETE FROM {Q("AuditRecords")} WHERE {Q("Seq")} = 3"],
        Tampering.RemoveAndRenumber =>
        [
            $"DELETE FROM {Q("AuditRecords")} WHERE {Q("Seq")} = 3",
            $"UPDATE {Q("AuditRecords")} SET {Q("Seq")} = {Q("Seq")} - 1 WHERE {Q("Seq")} > 3",
        ],
        Tampering.Reorder =>
        [
            $"UPDATE {Q("AuditRecords")} SET {Q("Seq")} = -2 WHERE {Q("Seq")} = 2",
            $"UPDATE {Q("AuditRecords")} SET {Q("Seq")} = 2 WHERE {Q("Seq")} = 5",
            $"UPDATE {Q("AuditRecords")} SET {Q("Seq")} = 5 WHERE {Q("Seq")} = -2",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
    };

    [Theory]
    [InlineData(Tampering.Alter, 4, "改ざん")]
    [InlineData(Tampering.Remove, 3, "削除")]
    [InlineData(Tampering.RemoveAndRenumber, 3, "削除")]
    [InlineData(Tampering.Reorder, 2, "順序")]
    public async Task Tampering_is_reported_at_the_first_broken_record(Tampering tampering, int brokenAt, string kindOfProblem)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await TenantWithHistoryAsync(services, 5);
        await ExecAsync(services, [.. DropTriggers(), .. Statements(tampering)]);

        var (code, output) = await CliVerifyAsync(services);
        Assert.Equal(KohoCli.Failed, code);
        Assert.Contains($"記録 #{brokenAt} でチェーンが切れています", output);
        Assert.Contains(kindOfProblem, output);
        Assert.Contains($"#{brokenAt - 1} までは正常", output);
    }

    [Fact]
    public async Task Rewriting_the_whole_chain_without_the_key_is_caught()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        var tenantId = await TenantWithHistoryAsync(services, 3);
        // An attacker alters record 2 and recomputes every hash from there on, with a key of their own.
        var forgedKey = new byte[32];
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
            var records = await db.AuditRecords.IgnoreQueryFilters().Where(r => r.TenantId == tenantId).OrderBy(r => r.Seq).ToListAsync(Ct);
            var statements = new List<string>(DropTriggers());
            var prev = records[0].Hash;
            foreach (var r in records.Skip(1))
            {
                if (r.Seq == 2) r.After = "書き換え";
                r.PrevHash = prev;
                r.Hash = AuditTrail.ComputeHash(r, forgedKey);
                prev = r.Hash;
                statements.Add($"UPDATE {Q("AuditRecords")} SET {Q("After")} = '{Sql(r.After!)}', {Q("PrevHash")} = '{r.PrevHash}', {Q("Hash")} = '{r.Hash}' WHERE {Q("Seq")} = {r.Seq} AND {Q("TenantId")} = '{(kind == DatabaseKind.Sqlite ? r.TenantId.ToString().ToUpperInvariant() : r.TenantId.ToString())}'");
            }
            await ExecAsync(services, [.. statements]);
        }
        var (code, output) = await CliVerifyAsync(services);
        Assert.Equal(KohoCli.Failed, code);
        Assert.Contains("記録 #2 でチェーンが切れています", output);
    }

    [Fact]
    public async Task The_verification_reports_the_head_to_compare_with_the_logged_anchors()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await TenantWithHistoryAsync(services, 2);
        var (code, output) = await CliVerifyAsync(services);
        Assert.Equal(KohoCli.Ok, code);
        Assert.Matches("最新 #3 [0-9a-f]{64}", output);
    }

    [Fact]
    public async Task Each_tenants_chain_is_verified_on_its_own()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await TenantWithHistoryAsync(services, 2);
        await using (var scope = services.CreateAsyncScope())
        {
            var org = scope.ServiceProvider.GetRequiredService<OrganizationService>();
            var other = (await org.CreateTenantAsync("152226", "上越市", AuditActor.System, Ct)).Value!;
            await org.CreateDepartmentAsync(other.Id, "広報対話課", null, AuditActor.System, Ct);
        }
        await ExecAsync(services, [.. DropTriggers(),
            $"UPDATE {Q("AuditRecords")} SET {Q("ActorName")} = 'someone else' WHERE {Q("Seq")} = 2 AND {Q("Action")} = 'department.created' AND {Q("After")} LIKE '%広報対話課%'"]);

        var (code, output) = await CliVerifyAsync(services);
        Assert.Equal(KohoCli.Failed, code);
        Assert.Contains("OK  132039 武蔵野市: 3 件", output);
        Assert.Contains("NG  152226 上越市: 記録 #2", output);
    }

    [Fact]
    public async Task The_administrators_page_reports_the_first_broken_link()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new KohoApp(database);
        var admin = await app.SignedInClientAsync("admin");
        Assert.Contains("問題ありません", await admin.GetHtmlAsync("/audit/verify"));

        await ExecAsync(app.Services, [.. DropTriggers(),
            $"UPDATE {Q("AuditRecords")} SET {Q("ActorName")} = 'nobody' WHERE {Q("Seq")} = 7"]);
        var html = await admin.GetHtmlAsync("/audit/verify");
        Assert.Contains("記録 #7 でチェーンが切れています", html);
        Assert.DoesNotContain("問題ありません", html);

        var api = await admin.GetAsync("/api/audit/verify", Ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Contains("\"brokenAtSeq\":7", await api.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_failed_change_saves_neither_the_change_nor_its_record()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        var tenantId = await TenantWithHistoryAsync(services, 1);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        // A department whose parent does not exist violates the foreign key: the whole unit of work rolls back.
        db.Departments.Add(new Department { Id = Guid.NewGuid(), TenantId = tenantId, ParentId = Guid.NewGuid(), Name = "宙に浮いた課", Level = DepartmentLevel.Section });
        await Assert.ThrowsAsync<DbUpdateException>(() => trail.SaveAsync(new AuditEntry(tenantId, AuditActor.System, "department.created", "department", "x"), Ct));

        await using var check = services.CreateAsyncScope();
        var fresh = check.ServiceProvider.GetRequiredService<KohoDbContext>();
        Assert.False(await fresh.Departments.IgnoreQueryFilters().AnyAsync(d => d.Name == "宙に浮いた課", Ct));
        Assert.Equal(2, await fresh.AuditRecords.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenantId, Ct));
        Assert.Equal(KohoCli.Ok, (await CliVerifyAsync(services)).Code);
    }
}

public sealed class AuditTrailTestsOnSqlite() : AuditTrailTests(DatabaseKind.Sqlite);

public sealed class AuditTrailTestsOnPostgres() : AuditTrailTests(DatabaseKind.Postgres);
