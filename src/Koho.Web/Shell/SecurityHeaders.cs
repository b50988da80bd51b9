namespace Koho.Web.Shell;

/// <summary>
/// Headers sent with every response. The CSP allows no inline script or style at all: pages use only the
/// files under wwwroot, and images may be data: URIs (the QR code of TOTP enrolment).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseKohoSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                // A response may set a stricter policy of its own (evidence downloads: sandboxed, nothing allowed).
                if (string.IsNullOrEmpty(h.ContentSecurityPolicy)) h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                // Pages carry personal data, TOTP secrets, recovery codes and exports: never keep them in a cache.
                if (!context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js"))
                    h.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
}
