using Microsoft.AspNetCore.Antiforgery;

namespace Koho.Web.Shell;

/// <summary>
/// JSON endpoints called by our own pages with the sign-in cookie must prove they come from our page: the
/// antiforgery token in the X-CSRF-TOKEN header (minimal APIs validate only form posts by themselves).
/// </summary>
public static class AntiforgeryFilter
{
    public static TBuilder RequireAntiforgeryHeader<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
                return Results.BadRequest(new { errors = new[] { "偽造防止トークン（X-CSRF-TOKEN ヘッダー）がありません。画面を開き直してください。" } });
            return await next(context);
        });
}
