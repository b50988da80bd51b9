using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Koho.Web.Tests.Testing;

/// <summary>
/// Every route of the app, read from its own endpoint table, and every page handler: what the access sweeps try, so
/// that a route or handler added later is covered the day it is added.
/// </summary>
public static class RouteSweep
{
    /// <summary>Every route of the app: its template and the methods it answers.</summary>
    public static List<(string Template, string[] Methods, bool IsPage)> Routes(IServiceProvider services) =>
        services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e =>
            {
                var isPage = e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? (isPage ? ["GET", "POST"] : ["GET"]);
                return ("/" + e.RoutePattern.RawText!.TrimStart('/'), methods, isPage);
            })
            .Distinct()
            .ToList();

    /// <summary>Handler names of every page model (OnPostXxxAsync → Xxx), so that every POST handler is tried.</summary>
    public static readonly string[] PostHandlers = Handlers("OnPost");

    /// <summary>Handler names of GET handlers (OnGetXxxAsync → Xxx).</summary>
    public static readonly string[] GetHandlers = Handlers("OnGet").Where(h => h.Length > 0).ToArray();

    private static string[] Handlers(string prefix) => typeof(Program).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(PageModel)))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.Name.StartsWith(prefix, StringComparison.Ordinal))
        .Select(m => m.Name[prefix.Length..].Replace("Async", ""))
        .Distinct().ToArray();

    /// <summary>Concrete URLs for a template, each route parameter filled with each of its values (an unknown parameter fails).</summary>
    public static IEnumerable<string> Expand(string template, IReadOnlyDictionary<string, IEnumerable<string>> known)
    {
        var urls = new List<string> { template };
        foreach (var p in Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(template).Parameters)
        {
            if (!known.TryGetValue(p.Name, out var values))
                Assert.Fail($"Route {template} has a parameter this test does not know: {p.Name}. Teach the sweep which values to use.");
            var placeholder = new System.Text.RegularExpressions.Regex(@"\{" + p.Name + @"(:[^}]*)?\}");
            urls = urls.SelectMany(u => values.Select(v => placeholder.Replace(u, v))).ToList();
        }
        return urls;
    }
}
