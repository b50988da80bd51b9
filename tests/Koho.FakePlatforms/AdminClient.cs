using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Koho.FakePlatforms;

/// <summary>
/// The fakes' admin API over HTTP, for tests that run Koho (and so its connectors) in another process and only know
/// a fake's URL. Any fake's BaseUrl or RootUrl works: /_fake/ is served under the version prefix too.
/// </summary>
public sealed class AdminClient(HttpClient http, Uri fakeUrl)
{
    private Uri Admin(string action) => new(fakeUrl.AbsoluteUri.TrimEnd('/') + "/_fake/" + action);

    public async Task<IReadOnlyList<FakePost>> PostsAsync(CancellationToken ct = default) =>
        await http.GetFromJsonAsync<List<FakePost>>(Admin("posts"), FaultInjector.Json, ct).ConfigureAwait(false) ?? [];

    /// <summary>Changes only the settings given, e.g. <c>new { dropAfterProcessingNext = 1 }</c>.</summary>
    public async Task<FaultSettings> ConfigureFaultsAsync(object patch, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(Admin("faults"), patch, FaultInjector.Json, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FaultSettings>(FaultInjector.Json, ct).ConfigureAwait(false))!;
    }

    public async Task<JsonObject> CountersAsync(CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<JsonObject>(Admin("counters"), ct).ConfigureAwait(false))!;

    /// <summary>POST /_fake/mentions: posts by others mentioning the account (see <see cref="FakePlatformServer.SeedMention"/>).</summary>
    public async Task<IReadOnlyList<FakePost>> SeedMentionsAsync(IEnumerable<SeededMention> mentions, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(Admin("mentions"), mentions, FaultInjector.Json, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<FakePost>>(FaultInjector.Json, ct).ConfigureAwait(false))!;
    }

    /// <summary>POST /_fake/profiles: accounts the platform's account search finds (see <see cref="FakePlatformServer.SeedProfile"/>).</summary>
    public async Task<IReadOnlyList<FakeProfile>> SeedProfilesAsync(IEnumerable<SeededProfile> profiles, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync(Admin("profiles"), profiles, FaultInjector.Json, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<FakeProfile>>(FaultInjector.Json, ct).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<FakePost>> MentionsAsync(CancellationToken ct = default) =>
        await http.GetFromJsonAsync<List<FakePost>>(Admin("mentions"), FaultInjector.Json, ct).ConfigureAwait(false) ?? [];

    public async Task ResetAsync(CancellationToken ct = default)
    {
        using var response = await http.PostAsync(Admin("reset"), null, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task InvokeAsync(string action, CancellationToken ct = default)
    {
        using var response = await http.PostAsync(Admin(action), null, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>One item of POST /_fake/mentions.</summary>
public sealed record SeededMention(string AuthorHandle, string? AuthorName, string Text, DateTimeOffset At, bool IsReply = false);

/// <summary>One item of POST /_fake/profiles.</summary>
public sealed record SeededProfile(string Handle, string? DisplayName = null);
