using System.Globalization;
using Koho.Checks;
using Koho.Web.Shell;

namespace Koho.Web.Posts;

/// <summary>
/// The editor's autosave: <c>POST /api/posts/{id}/draft</c> with the version the editor holds. Saved → the new
/// version and the checker's findings; someone else saved first → 409 and nothing is saved.
/// </summary>
public static class PostsEndpoints
{
    public sealed record DraftBody(int? Version, string? Text, string? Kind, string? ScheduledAt, List<Guid>? Accounts);

    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/posts/{id:guid}/draft", async (Guid id, DraftBody body, HttpContext http, PostService posts, CancellationToken ct) =>
            {
                var errors = new List<string>();
                var kind = PostKind.Normal;
                if (body.Kind is not null && (!Enum.TryParse(body.Kind, true, out kind) || !Enum.IsDefined(kind))) errors.Add($"区分「{body.Kind}」はありません。");
                DateTimeOffset? at = null;
                if (!string.IsNullOrEmpty(body.ScheduledAt))
                {
                    if (DateTime.TryParseExact(body.ScheduledAt, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                        at = PostPages.FromJstLocal(local);
                    else errors.Add("公開予定日時は yyyy-MM-ddTHH:mm（日本時間）で指定してください。");
                }
                if (errors.Count > 0) return Results.BadRequest(new { errors });
                var result = await posts.SaveAsync(http.User, id, body.Version, new PostInput(body.Text, kind, at, body.Accounts ?? []), ct);
                if (!result.Succeeded)
                {
                    var current = await posts.CurrentVersionAsync(id, ct);
                    var conflict = current is { } v && v != body.Version;
                    return conflict ? Results.Conflict(new { errors = result.Errors, version = current }) : Results.BadRequest(new { errors = result.Errors });
                }
                var post = result.Value!;
                var findings = PostFindings.Deserialize(post.FindingsJson);
                var previews = (await posts.AccountsOfAsync(post, ct)).Select(a => (a.Id, Measure: Koho.Checks.Text.PostLength.Measure((Platform)(int)a.Platform, post.Text)))
                    .Where(x => x.Measure is not null)
                    .Select(x => new { accountId = x.Id, length = x.Measure!.Value.Length, limit = x.Measure.Value.Limit, unit = x.Measure.Value.Unit });
                return Results.Ok(new
                {
                    version = post.Version,
                    status = post.Status.ToString(),
                    statusLabel = post.Status.Label(),
                    blocked = post.Blocked,
                    previews,
                    savedAt = JapaneseDates.ToJst(post.UpdatedAt).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    findings = findings.Select(f => new
                    {
                        f.Rule, f.Category, categoryLabel = Categories.Name(f.Category), severity = f.Severity.ToString().ToLowerInvariant(),
                        f.Start, f.Length, f.Message, f.Suggestion, f.Clauses, f.Platforms,
                    }),
                });
            })
            .WithTags("Posts")
            .WithSummary("下書きの自動保存（版が一致するときだけ保存し、投稿前チェックの結果を返す）")
            .RequireAntiforgeryHeader();
        return app;
    }
}
