using System.Net;
using System.Text.Json;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Operations;

public abstract class OperationsTests(AppFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_answers_200_when_the_database_answers()
    {
        var response = await fixture.App.NewClient().GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        var response = await fixture.App.NewClient().GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/accounts", paths);
        Assert.Contains("/api/accounts/{id}", paths);
        Assert.Contains("/api/audit/verify", paths);
        Assert.Contains("/api/me", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
    }
}

public sealed class OperationsTestsOnSqlite(SqliteAppFixture fixture) : OperationsTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class OperationsTestsOnPostgres(PostgresAppFixture fixture) : OperationsTests(fixture), IClassFixture<PostgresAppFixture>;
