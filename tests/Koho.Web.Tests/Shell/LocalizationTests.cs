using System.Text.RegularExpressions;
using System.Xml.Linq;
using Koho.Web.Tests.Testing;

namespace Koho.Web.Tests.Shell;

public sealed partial class LocalizationTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src", "Koho.Web"));

    [GeneratedRegex("""L\["([^"]+)"\]""")]
    private static partial Regex LocalizedKey();

    [Fact]
    public void Every_Japanese_string_of_the_UI_has_an_English_translation()
    {
        var dir = SourceDir();
        var keys = Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => LocalizedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var english = XDocument.Load(Path.Combine(dir, "Resources", "SharedResource.en.resx")).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        Assert.True(keys.Count > 100, $"only {keys.Count} localized strings found");
        // Role names are shown through the localizer too; with the default office names they all need English.
        keys.UnionWith(Koho.Web.Organization.KohoRoles.All.Select(r => Koho.Web.Organization.KohoRoles.Label(r, new())));
        var missing = keys.Where(k => !english.ContainsKey(k)).Order().ToList();
        Assert.True(missing.Count == 0, "No English for: " + string.Join(" | ", missing));
        Assert.All(english, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), e.Key));
        Assert.All(english.Values, v => Assert.DoesNotMatch(@"[\u3040-\u30ff]{3,}", v)); // no untranslated kana runs
    }

    [Fact]
    public async Task The_language_switch_turns_the_UI_to_English_and_back()
    {
        var client = await fixture.App.SignedInClientAsync("operator");
        Assert.Contains("ダッシュボード", await client.GetHtmlAsync("/"));

        var switched = await client.PostFormAsync("/culture", new() { ["culture"] = "en", ["returnUrl"] = "/accounts" }, formPage: "/");
        Assert.Equal("/accounts", switched.Headers.Location!.OriginalString);
        var english = await client.GetHtmlAsync("/");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains(">Dashboard<", english);
        Assert.Contains("Official accounts", english);
        Assert.DoesNotContain("令和", english); // dates in the Western calendar in English

        await client.PostFormAsync("/culture", new() { ["culture"] = "ja-JP", ["returnUrl"] = "/" }, formPage: "/");
        var japanese = await client.GetHtmlAsync("/");
        Assert.Contains("<html lang=\"ja\">", japanese);
        Assert.Contains("令和", japanese);
    }

    [Fact]
    public async Task The_language_switch_only_returns_to_this_site()
    {
        var client = fixture.App.NewClient();
        var r = await client.PostFormAsync("/culture", new() { ["culture"] = "en", ["returnUrl"] = "https://evil.example/" }, formPage: "/signin");
        Assert.Equal("/", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_user_who_prefers_seireki_sees_Western_dates()
    {
        var client = await fixture.App.SignedInClientAsync("hr");
        Assert.Contains("令和", await client.GetHtmlAsync("/"));
        await client.PostFormAsync("/profile?handler=Preferences", new() { ["PrefersWareki"] = "false" }, formPage: "/profile");
        var html = await client.GetHtmlAsync("/");
        Assert.DoesNotContain("令和", html);
        Assert.Matches(@"20\d\d年度", html);
        await client.PostFormAsync("/profile?handler=Preferences", new() { ["PrefersWareki"] = "true" }, formPage: "/profile");
    }
}
