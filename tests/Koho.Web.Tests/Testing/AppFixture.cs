namespace Koho.Web.Tests.Testing;

/// <summary>One running app (Development, demo data seeded) per test class and provider.</summary>
public abstract class AppFixture(DatabaseKind kind) : IAsyncLifetime
{
    private KohoApp? _app;

    public DatabaseKind Kind => kind;

    /// <summary>The app; skips the test when its database provider is not available here.</summary>
    public KohoApp App
    {
        get
        {
            TestDatabase.RequireAvailable(kind);
            return _app ?? throw new InvalidOperationException("The app did not start.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (kind == DatabaseKind.Postgres && string.IsNullOrEmpty(TestDatabase.PostgresServer)) return;
        _app = new KohoApp(await TestDatabase.CreateAsync(kind));
        _app.NewClient().Dispose(); // starts the server: migrations and demo seed run now
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.DisposeAsync();
        await _app.Database.DisposeAsync();
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseKind.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseKind.Postgres);
