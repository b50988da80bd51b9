using Koho.Packs;
using Koho.Web.Organization;

namespace Koho.Web.Packs;

public static class PackEndpoints
{
    public static IEndpointRouteBuilder MapPackApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/pack", async (HttpContext http, GuidelinePackService packs, CancellationToken ct) =>
            {
                var current = await packs.ForTenantAsync(CurrentUser.From(http.User).TenantId, ct);
                var p = current.Pack;
                var citations = PackCoverage.Citations(p);
                return TypedResults.Ok(new
                {
                    pack = p.Id,
                    version = current.Reference,
                    p.Title,
                    p.Municipality,
                    p.LocalGovernmentCode,
                    guidelineVersion = p.Version,
                    p.Date,
                    p.Offices,
                    hours = new { p.Hours.Start, p.Hours.End, p.Hours.OutOfHoursCategories },
                    clauses = p.Clauses.Select(c => new
                    {
                        c.Id,
                        c.Heading,
                        c.Text,
                        enforcedBy = citations[c.Id],
                        guidance = citations[c.Id].Count == 0 ? c.Guidance : null,
                    }),
                });
            })
            .WithTags("Packs")
            .WithSummary("この団体のガイドラインパック（版、役割、条項と Koho の対応）");
        return app;
    }
}
