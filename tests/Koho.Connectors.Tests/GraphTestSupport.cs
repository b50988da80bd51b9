using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Koho.FakePlatforms;

namespace Koho.Connectors.Tests;

internal static class GraphTestSupport
{
    /// <summary>A raw Graph call with a correct token in the header, to probe the fake's own validation.</summary>
    public static async Task<(int Status, JsonNode? Body)> Raw(HttpClient http, FakePlatformServer fake, HttpMethod method, string relative, Dictionary<string, string>? form = null)
    {
        using var msg = new HttpRequestMessage(method, fake.BaseUrl.AbsoluteUri + "/" + relative);
        msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fake.Options.Token);
        if (form is not null) msg.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(msg, TestSupport.Ct);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestSupport.Ct)));
    }

    public static int? Code(JsonNode? body) => (int?)body?["error"]?["code"];
}
