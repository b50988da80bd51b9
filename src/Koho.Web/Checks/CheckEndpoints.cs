using Koho.Checks;
using Koho.Checks.Io;
using Koho.Checks.Packs;
using Koho.Web.Database;
using Koho.Web.Organization;
using Microsoft.AspNetCore.Antiforgery;

namespace Koho.Web.Checks;

public static class CheckEndpoints
{
    /// <summary>The body of POST /api/checks.</summary>
    public sealed record CheckRequestBody(string? Text, string? Pack, string? Platform, DateTimeOffset? ScheduledAt, string? Category, string? Mode, List<string>? Recent);

    public static IEndpointRouteBuilder MapCheckApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checks", async (CheckRequestBody body, HttpContext http, CheckService checks, KohoDbContext db, CancellationToken ct) =>
            {
                var errors = new List<string>();
                if (string.IsNullOrEmpty(body.Text)) errors.Add("text（投稿の本文）を入力してください。");
                var packId = body.Pack ?? await checks.PackIdForTenantAsync(db, CurrentUser.From(http.User).TenantId, ct);
                if (!BuiltInPacks.Exists(packId)) errors.Add($"パック「{packId}」はありません（{string.Join(", ", BuiltInPacks.Ids)}）。");
                Platform? platform = null;
                if (body.Platform is not null)
                {
                    if (CheckJsonl.TryParsePlatform(body.Platform, out var p)) platform = p;
                    else errors.Add($"platform「{body.Platform}」は使えません。");
                }
                var mode = PostMode.Official;
                if (body.Mode is not null && !Enum.TryParse(body.Mode, true, out mode)) errors.Add($"mode「{body.Mode}」は使えません（official, private）。");
                var category = PostCategory.Normal;
                if (body.Category is not null && !Enum.TryParse(body.Category, true, out category)) errors.Add($"category「{body.Category}」は使えません（normal, event, disaster）。");
                if (errors.Count > 0) return Results.BadRequest(new { errors });

                var result = checks.Check(new Draft(body.Text!)
                {
                    Platform = platform,
                    Mode = mode,
                    Category = category,
                    ScheduledAt = body.ScheduledAt,
                    Recent = body.Recent ?? [],
                }, packId);
                return Results.Ok(new
                {
                    pack = packId,
                    blocked = result.Blocked,
                    findings = result.Findings.Select(f => new
                    {
                        f.Rule,
                        f.Category,
                        categoryLabel = CheckService.CategoryLabel(f.Category),
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
            .AddEndpointFilter(async (context, next) =>
            {
                // Signed in with a cookie, so the caller must prove it is our page: the antiforgery header.
                var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
                    return Results.BadRequest(new { errors = new[] { "偽造防止トークン（X-CSRF-TOKEN ヘッダー）がありません。画面を開き直してください。" } });
                return await next(context);
            });
        return app;
    }
}
