using System.Net;
using Koho.Cli;
using Koho.Web.Database;
using Koho.Web.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Operations;

/// <summary>Outside Development Koho seeds nothing and will not start until `koho admin create` has run.</summary>
public abstract class StartupTests(DatabaseKind kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_refuses_to_start_without_an_administrator_then_starts_after_koho_admin_create()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using (var app = new KohoApp(database, "Production"))
        {
            var error = Assert.ThrowsAny<Exception>(() => app.NewClient());
            Assert.Contains("koho admin create", error.ToString());
        }

        await using (var services = TestServices.Build(database))
        {
            var output = new StringWriter();
            var code = await KohoCli.CreateAdministratorAsync(services, "１３２１９５", "狛江市", "komae-admin", "狛江 管理",
                "komae-admin-password-1", output, output, Ct);
            Assert.Equal(KohoCli.Ok, code);
            Assert.Contains("狛江市", output.ToString());
        }

        await using (var app = new KohoApp(database, "Production"))
        {
            var client = await app.SignedInClientAsync("komae-admin", "komae-admin-password-1");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
            // Nothing was seeded: the only municipality is the one the administrator created.
            var codes = await app.WithDbAsync(async (db, _) => await db.Tenants.Select(t => t.Code).ToListAsync(Ct));
            Assert.Equal(["132195"], codes);
        }
    }

    [Fact]
    public async Task Koho_refuses_to_start_with_an_invalid_pack_in_its_packs_directory_and_offers_a_valid_one()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var dir = Directory.CreateTempSubdirectory("koho-packs-");
        try
        {
            // A municipality's own pack, starting from the closest built-in one, with a mistake on line 4.
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "myoko.yaml"),
                "id: myoko\nextends: joetsu\nmunicipality: 妙高市\nlocalGovernmentCode: \"152171\"\n", Ct);
            var settings = new Dictionary<string, string> { ["Koho:Packs:Directory"] = dir.FullName };
            await using (var app = new KohoApp(database, settings: settings))
            {
                var error = Assert.ThrowsAny<Exception>(() => app.NewClient());
                Assert.Contains("myoko.yaml 4 行目: localGovernmentCode:「152171」は正しい地方公共団体コード", error.ToString());
            }

            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "myoko.yaml"),
                "id: myoko\nextends: joetsu\nmunicipality: 妙高市\nlocalGovernmentCode: \"152170\"\n", Ct);
            await using (var app = new KohoApp(database, settings: settings))
            {
                var client = await app.SignedInClientAsync("admin");
                Assert.Contains("妙高市", await client.GetHtmlAsync("/packs/manage"));
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task koho_admin_create_refuses_bad_input_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var services = TestServices.Build(database);
        await services.MigrateKohoDatabaseAsync(Ct);
        var output = new StringWriter();
        Assert.Equal(KohoCli.InvalidInput, await KohoCli.CreateAdministratorAsync(services, "132038", "武蔵野市", "admin", null, "good-password-123", output, output, Ct));
        Assert.Contains("検査数字", output.ToString());
        Assert.Equal(KohoCli.InvalidInput, await KohoCli.CreateAdministratorAsync(services, "132039", null, "admin", null, "good-password-123", output, output, Ct));
        Assert.Equal(KohoCli.InvalidInput, await KohoCli.CreateAdministratorAsync(services, "132039", "武蔵野市", "admin", null, "short", output, output, Ct));
        Assert.Contains("12文字以上", output.ToString());

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        // Nothing was half-created: not the municipality of the third attempt, not its administrator.
        Assert.Equal(0, await db.Users.CountAsync(Ct));
        Assert.Equal(0, await db.Tenants.CountAsync(Ct));
    }

    [Fact]
    public async Task The_command_line_parses_and_runs_db_migrate()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var output = new StringWriter();
        var code = await KohoCli.RunAsync(["db", "migrate"], new StringReader(""), output, output, new Dictionary<string, string?>
        {
            ["Koho:Database:Provider"] = database.ProviderName,
            ["ConnectionStrings:Koho"] = database.ConnectionString,
        });
        Assert.True(code == KohoCli.Ok, output.ToString());
        Assert.Contains("データベースは最新です", output.ToString());
    }
}

public sealed class StartupTestsOnSqlite() : StartupTests(DatabaseKind.Sqlite);

public sealed class StartupTestsOnPostgres() : StartupTests(DatabaseKind.Postgres);
