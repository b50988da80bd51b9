using Npgsql;

namespace Koho.Web.Tests.Testing;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// A throwaway database for one test class: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server named by KOHO_TEST_POSTGRES (./test.sh starts one). Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KOHO_TEST_POSTGRES";

    public DatabaseKind Kind { get; }
    public string ConnectionString { get; }
    public string ProviderName => Kind == DatabaseKind.Sqlite ? "sqlite" : "postgres";
    private readonly string? _dir;
    private readonly string? _pgName;

    private TestDatabase(DatabaseKind kind, string connectionString, string? dir, string? pgName)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _dir = dir;
        _pgName = pgName;
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable);

    /// <summary>Skips the calling test when no PostgreSQL server was provided (./test.sh with CI=true fails on skips).</summary>
    public static void RequireAvailable(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Postgres && string.IsNullOrEmpty(PostgresServer))
            Assert.Skip($"PostgreSQL が使えません（環境変数 {PostgresVariable} が未設定）。./test.sh で実行してください。");
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        RequireAvailable(kind);
        if (kind == DatabaseKind.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "koho-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return new TestDatabase(kind, $"Data Source={Path.Combine(dir, "koho.db")};Pooling=False", dir, null);
        }
        var name = "koho_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return new TestDatabase(kind, builder.ToString(), null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dir is not null)
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
