using Koho.Packs;
using Koho.Checks;
using Koho.Checks.Io;
using Koho.Checks.Packs;
using Koho.Web.Packs;
using Koho.Web.Organization;
using Koho.Web.Shell;

namespace Koho.Web.Checks;

public static class CheckEndpoints
{
    /// <summary>The body of POST /api/checks.</summary>
    /// <summary>The body of POST /api/checks; strings, so that a bad value gets the same Japanese message as everywhere.</summary>
    public sealed record CheckRequestBody(string? Text, string? Pack, string? Platform, string? ScheduledAt, string? Category, string? Mode, List<string>? Recent);

    public static IEndpointRouteBuilder MapCheckApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checks", async (CheckRequestBody body, HttpContext http, CheckService checks, GuidelinePackService packs, PackRegistry registry, CancellationToken ct) =>
            {
                // The municipality's own pack (its current version), unless the caller names a built-in pack.
                var own = await packs.ForTenantAsync(CurrentUser.From(http.User).TenantId, ct);
                DraftFields.TryCreate(body.Text, body.Platform, body.ScheduledAt, body.Mode, body.Category, body.Recent, out var draft, out var errors);
                var named = body.Pack is not null && body.Pack != own.Pack.Id;
                if (named && registry.Catalog.Find(body.Pack!) is null) errors.Add($"パック「{body.Pack}」はありません（{string.Join(", ", registry.Catalog.Ids)}）。");
                if (errors.Count > 0) return Results.BadRequest(new { errors });

                var result = CheckService.Check(draft!, named ? checks.Offered(body.Pack!) : own.Compiled);
                return Results.Ok(new
                {
                    pack = named ? body.Pack : own.Pack.Id,
                    packVersion = named ? $"{body.Pack}@builtin" : own.Reference,
                    blocked = result.Blocked,
                    findings = result.Findings.Select(f => new
                    {
                        f.Rule,
                        f.Category,
                        categoryLabel = Categories.Name(f.Category),
                        severity = f.Severity.ToString().ToLowerInvariant(),
                        f.Start,
                        f.Length,
                        f.Message,
                        f.Suggestion,
                        clauses = f.Clauses.Select(c => new { c.Pack, c.Clause, c.Quote }),
                    }),
                });
            })
            .WithTags("Checks")
            .WithSummary("投稿前チェック（本文がガイドラインに反していないか）")
            .RequireAntiforgeryHeader();
        return app;
    }
}
