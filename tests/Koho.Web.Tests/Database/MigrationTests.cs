using System.Data.Common;
using Koho.Web.Accounts;
using Koho.Web.Audit;
using Koho.Web.Database;
using Koho.Web.Database.Migrations;
using Koho.Web.Organization;
using Koho.Web.Tests.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Database;

public abstract class MigrationTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_database_created_at_the_first_migration_upgrades_to_the_latest_with_its_data_intact()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        Guid tenantId, userId, departmentId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(M0001_Organization.Id, TestContext.Current.CancellationToken);
            Assert.Equal([M0001_Organization.Id], await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));

            // Data as a first release would have written it: only the tables of migration 1 exist.
            // The tenant row goes in with migration 1's columns only (today's model has more, such as PackId).
            var tenant = new Tenant { Id = Guid.NewGuid(), Code = "132039", Name = "武蔵野市", CreatedAt = DateTimeOffset.UtcNow };
            var sqlite = db.Database.IsSqlite();
            object id = sqlite ? tenant.Id.ToString().ToUpperInvariant() : tenant.Id;
            object createdAt = sqlite ? tenant.CreatedAt.UtcTicks : tenant.CreatedAt;
            object no = sqlite ? 0 : false;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Tenants" ("Id", "Code", "Name", "PrOfficeName", "ItOfficeName", "HrOfficeName", "CouncilName", "CisoTitle", "RequireTwoFactorForApprovers", "CreatedAt")
                VALUES ({id}, {"132039"}, {"武蔵野市"}, {"秘書広報課"}, {"情報政策課"}, {"人事課"}, {"ICT戦略会議"}, {"統括情報セキュリティ責任者"}, {no}, {createdAt})
                """, TestContext.Current.CancellationToken);
            var dept = new Department { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "秘書広報課", Level = DepartmentLevel.Section };
            db.Departments.Add(dept);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            // The user too goes in with migration 1's columns (today's model has more, such as OutsideOrganizationId).
            var user = new KohoUser { Id = Guid.NewGuid(), TenantId = tenant.Id, DepartmentId = dept.Id, UserName = "koho-1", DisplayName = "広報 一郎", CreatedAt = DateTimeOffset.UtcNow };
            var hash = new PasswordHasher<KohoUser>().HashPassword(user, "first-release-1234");
            object Key(Guid g) => sqlite ? g.ToString().ToUpperInvariant() : g;
            object yes = sqlite ? 1 : true;
            object userCreated = sqlite ? user.CreatedAt.UtcTicks : user.CreatedAt;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "AspNetUsers" ("Id", "TenantId", "DepartmentId", "DisplayName", "PrefersWareki", "CreatedAt", "UserName", "NormalizedUserName",
                    "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
                VALUES ({Key(user.Id)}, {Key(tenant.Id)}, {Key(dept.Id)}, {"広報 一郎"}, {yes}, {userCreated}, {"koho-1"}, {"KOHO-1"},
                    {no}, {hash}, {Guid.NewGuid().ToString("N")}, {Guid.NewGuid().ToString()}, {no}, {no}, {yes}, {0})
                """, TestContext.Current.CancellationToken);
            var roleId = await db.Roles.Where(r => r.Name == KohoRoles.PrOffice).Select(r => r.Id).SingleAsync(TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"""INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") VALUES ({Key(user.Id)}, {Key(roleId)})""",
                TestContext.Current.CancellationToken);
            (tenantId, userId, departmentId) = (tenant.Id, user.Id, dept.Id);
        }

        await services.MigrateKohoDatabaseAsync(TestContext.Current.CancellationToken);

        await using (var scope = services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            var tenant = await db.Tenants.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(("132039", "武蔵野市", "秘書広報課"), (tenant.Code, tenant.Name, tenant.Offices.PrOffice));
            Assert.Null(tenant.PackId); // no pack chosen yet: the built-in pack of its code applies
            Assert.Equal("秘書広報課", (await db.Departments.SingleAsync(d => d.Id == departmentId, TestContext.Current.CancellationToken)).Name);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KohoUser>>();
            var user = await users.FindByNameAsync("koho-1");
            Assert.NotNull(user);
            Assert.Equal(userId, user.Id);
            Assert.True(await users.CheckPasswordAsync(user, "first-release-1234"));
            Assert.True(await users.IsInRoleAsync(user, KohoRoles.PrOffice));

            // The tables added by later migrations work with the old data.
            db.OfficialAccounts.Add(new OfficialAccount
            {
                Id = Guid.NewGuid(), TenantId = tenantId, DepartmentId = departmentId, Name = "公式X", Platform = Platform.X,
                Handle = "h", Url = "https://x.com/h", Status = AccountStatus.Operating, CreatedAt = DateTimeOffset.UtcNow,
            });
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().SaveAsync(
                new AuditEntry(tenantId, AuditActor.System, "account.registered", "official-account", "x"), TestContext.Current.CancellationToken);
            Assert.Equal(1, await db.OfficialAccounts.CountAsync(TestContext.Current.CancellationToken));
            db.GuidelinePackVersions.Add(new Koho.Web.Packs.GuidelinePackVersion
            {
                Id = Guid.NewGuid(), TenantId = tenantId, PackId = "musashino", Version = 1, Yaml = "id: musashino\nextends: musashino\n",
                Sha256 = new string('0', 64), UploadedByName = "system", UploadedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditTrail>().VerifyAsync(tenantId, TestContext.Current.CancellationToken)).IsIntact);
        }
    }

    [Fact]
    public async Task The_migrated_schema_is_exactly_the_schema_of_the_model()
    {
        await using var migrated = await TestDatabase.CreateAsync(kind);
        await using var created = await TestDatabase.CreateAsync(kind);
        await using var migratedServices = TestServices.Build(migrated);
        await using var createdServices = TestServices.Build(created);
        await migratedServices.MigrateKohoDatabaseAsync(TestContext.Current.CancellationToken);
        await using (var scope = createdServices.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KohoDbContext>().Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var expected = await SchemaOf(createdServices);
        var actual = await SchemaOf(migratedServices);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await services.MigrateKohoDatabaseAsync(TestContext.Current.CancellationToken);
        var before = await SchemaOf(services);
        await services.MigrateKohoDatabaseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(before, await SchemaOf(services));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        Assert.Equal(9, await db.Roles.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Tables, columns (type, nullability) and indexes (columns, uniqueness), one line each, sorted.</summary>
    private async Task<List<string>> SchemaOf(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var sql = kind == DatabaseKind.Sqlite
            ? """
              SELECT 'col ' || m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" || ' pk' || p.pk
              FROM sqlite_master m JOIN pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'idx ' || m.name || '.' || il.name || ' unique' || il."unique" || ' ' ||
                     (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii)
              FROM sqlite_master m JOIN pragma_index_list(m.name) il
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EFMigrations%' AND il.origin <> 'pk'
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete
              FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EFMigrations%'
              """
            : """
              SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' ||
                     coalesce(character_maximum_length::text, '-') || ' ' || is_nullable || ' ' || coalesce(identity_generation, '-')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'idx ' || tablename || ' ' || regexp_replace(indexdef, ' ON public\.', ' ON ')
              FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__EFMigrations%'
              UNION ALL
              SELECT 'fk ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
              FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
              """;
        var rows = new List<string>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using DbDataReader reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

public sealed class MigrationTestsOnSqlite() : MigrationTests(DatabaseKind.Sqlite);

public sealed class MigrationTestsOnPostgres() : MigrationTests(DatabaseKind.Postgres);
