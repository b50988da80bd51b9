using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Koho.Web.Database;

public static class DatabaseSetup
{
    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";
    public const string DefaultSqliteConnection = "Data Source=data/koho.db";

    /// <summary>
    /// Registers <see cref="KohoDbContext"/> on the provider named by <c>Koho:Database:Provider</c>
    /// (sqlite, the default, or postgres) with the connection string <c>ConnectionStrings:Koho</c>.
    /// </summary>
    public static IServiceCollection AddKohoDatabase(this IServiceCollection services)
    {
        // Configuration is read when the context is first built, not at registration, so that every source
        // (appsettings, environment, command line, test hosts) has been applied by then.
        services.AddDbContext<KohoDbContext>((sp, options) =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var provider = ProviderName(config);
            var connection = config.GetConnectionString("Koho");
            switch (provider)
            {
                case SqliteProvider:
                    options.UseSqlite(PrepareSqlite(connection ?? DefaultSqliteConnection));
                    break;
                case PostgresProvider:
                    if (string.IsNullOrWhiteSpace(connection))
                        throw new InvalidOperationException("Koho:Database:Provider が postgres のときは ConnectionStrings:Koho が必要です。");
                    options.UseNpgsql(connection);
                    break;
                default:
                    throw new InvalidOperationException($"Koho:Database:Provider '{provider}' は使えません（sqlite または postgres）。");
            }
            // Migrations are written by hand (see README), so there is no model snapshot to compare with;
            // a test compares the migrated schema with the model instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static string ProviderName(IConfiguration config) =>
        (config["Koho:Database:Provider"] ?? SqliteProvider).Trim().ToLowerInvariant();

    /// <summary>Creates the folder of a file database, so that the first start needs nothing prepared.</summary>
    private static string PrepareSqlite(string connection)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return builder.ToString();
    }

    /// <summary>Applies every pending migration. Safe to run repeatedly and from several nodes in turn.</summary>
    public static async Task MigrateKohoDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KohoDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}

internal sealed class DatabaseHealthCheck(KohoDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("データベースに接続できません。");
}
