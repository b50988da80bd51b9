using Koho.Web.Accounts;
using Koho.Web.Database;
using Koho.Web.Shell;
using Microsoft.AspNetCore.OutputCaching;

namespace Koho.Web.PublicDirectory;

/// <summary>
/// /directory.json and /directory.csv (and /directory/{code}.json|.csv in a deployment hosting several
/// municipalities): the published list of official accounts, open data, no sign-in. Cached (see AddKohoDirectory).
/// </summary>
public static class DirectoryEndpoints
{
    public const string CachePolicy = "directory";
    public const string CacheTag = "directory";

    /// <summary>Output caching for the directory: a disaster-time surge of citizens is served from memory.</summary>
    public static IServiceCollection AddKohoDirectory(this IServiceCollection services) =>
        services.AddOutputCache(o => o.AddPolicy(CachePolicy, b => b
            .Expire(TimeSpan.FromSeconds(60))
            .SetVaryByQuery("department", "platform")
            .SetVaryByRouteValue("code")
            .Tag(CacheTag)));

    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/directory", "/directory/{code:regex(^\\d{{6}}$)}" })
        {
            app.MapGet(prefix + ".json", JsonAsync).AllowAnonymous().CacheOutput(CachePolicy).ExcludeFromDescription();
            app.MapGet(prefix + ".csv", CsvAsync).AllowAnonymous().CacheOutput(CachePolicy).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> JsonAsync(string? code, string? department, string? platform, KohoDbContext db, CancellationToken ct)
    {
        var (entries, problem) = await EntriesAsync(code, department, platform, db, ct);
        if (problem is not null) return problem;
        return Results.Json(entries!.Select(e => DirectoryQueries.Columns.Zip(DirectoryQueries.Cells(e)).ToDictionary(p => p.First, p => p.Second)),
            options: new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) });
    }

    private static async Task<IResult> CsvAsync(string? code, string? department, string? platform, KohoDbContext db, CancellationToken ct)
    {
        var (entries, problem) = await EntriesAsync(code, department, platform, db, ct);
        if (problem is not null) return problem;
        using var buffer = new MemoryStream();
        await using (var writer = Csv.Writer(buffer))
        {
            await writer.WriteLineAsync(Csv.Line(DirectoryQueries.Columns));
            foreach (var e in entries!) await writer.WriteLineAsync(Csv.Line(DirectoryQueries.Cells(e)));
        }
        return Results.File(buffer.ToArray(), "text/csv; charset=utf-8", "official-accounts.csv");
    }

    private static async Task<(List<DirectoryQueries.Entry>? Entries, IResult? Problem)> EntriesAsync(string? code, string? department,
        string? platform, KohoDbContext db, CancellationToken ct)
    {
        var m = await DirectoryQueries.ResolveAsync(db, code, ct);
        if (m is null)
            return (null, Results.NotFound(new { error = code is null ? "団体を地方公共団体コードで指定してください（例: /directory/132039.json）。" : $"地方公共団体コード {code} の団体はありません。" }));
        Platform? p = null;
        if (!string.IsNullOrEmpty(platform))
        {
            if (!Enum.TryParse<Platform>(platform, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return (null, Results.BadRequest(new { error = $"SNS種別「{platform}」はありません（{string.Join(", ", Enum.GetNames<Platform>())}）。" }));
            p = parsed;
        }
        if (!string.IsNullOrEmpty(department) && !(await DirectoryQueries.DepartmentsAsync(db, m, ct)).Contains(department))
            return (null, Results.BadRequest(new { error = $"所管課「{department}」の公式アカウントはありません。" }));
        return (await DirectoryQueries.ListAsync(db, m, string.IsNullOrEmpty(department) ? null : department, p, ct), null);
    }
}
