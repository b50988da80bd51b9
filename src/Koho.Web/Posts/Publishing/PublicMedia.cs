using Koho.Web.Database;
using Microsoft.EntityFrameworkCore;

namespace Koho.Web.Posts.Publishing;

/// <summary>
/// /media/{id}/{token}: a post's image at a public address, for the platforms that fetch images by URL (Instagram,
/// LINE). Only with the image's own random token, only once its post is approved — a draft's images stay private.
/// </summary>
public static class PublicMedia
{
    public static Uri? Url(string? publicBaseUrl, PostImage image) =>
        string.IsNullOrEmpty(publicBaseUrl) || string.IsNullOrEmpty(image.PublicToken) ? null
            : new Uri(new Uri(publicBaseUrl.TrimEnd('/') + "/"), $"media/{image.Id}/{image.PublicToken}");

    public static IEndpointRouteBuilder MapPublicMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{id:guid}/{token}", async (Guid id, string token, KohoDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var image = await (from i in db.PostImages.IgnoreQueryFilters().AsNoTracking()
                               join p in db.Posts.IgnoreQueryFilters().AsNoTracking() on i.PostId equals p.Id
                               where i.Id == id && (p.Status == PostStatus.Approved || p.Status == PostStatus.Publishing || p.Status == PostStatus.Published)
                               select i).FirstOrDefaultAsync(ct);
            // Compared in constant time: the token is the only key.
            if (image is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(image.PublicToken), System.Text.Encoding.ASCII.GetBytes(token)))
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.File(image.Content, image.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
