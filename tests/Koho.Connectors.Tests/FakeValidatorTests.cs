using Koho.FakePlatforms;
using Koho.FakePlatforms.Validation;
using YamlDotNet.RepresentationModel;
using static Koho.Connectors.Tests.TestSupport;

namespace Koho.Connectors.Tests;

/// <summary>The fakes' own validators, against the platforms' published conformance data.</summary>
public class FakeValidatorTests
{
    public static TheoryData<string, string, int, bool> TwitterTextVectors()
    {
        var data = new TheoryData<string, string, int, bool>();
        var file = SpecFiles.File(SpecFiles.Locate(), "twitter-text-validate.yml");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file)) yaml.Load(reader);
        var tests = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["tests"];
        // The v3 configuration (emoji parsing on) is the one the config file describes.
        foreach (var suite in new[] { "WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest" })
        {
            foreach (YamlMappingNode test in (YamlSequenceNode)tests[suite])
            {
                var expected = (YamlMappingNode)test["expected"];
                data.Add(((YamlScalarNode)test["description"]).Value!, ((YamlScalarNode)test["text"]).Value!,
                    int.Parse(((YamlScalarNode)expected["weightedLength"]).Value!), ((YamlScalarNode)expected["valid"]).Value == "true");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TwitterTextVectors))]
    public void X_weighted_length_matches_twitter_texts_conformance_vectors(string description, string text, int weightedLength, bool valid)
    {
        var config = TwitterTextConfig.Load(SpecFiles.File(SpecFiles.Locate(), "twitter-text-config-v3.json"));

        var length = TextLength.Tweet(text, config);

        Assert.True(weightedLength == length.WeightedLength, $"{description}: expected {weightedLength}, got {length.WeightedLength}");
        Assert.Equal(valid, length.Valid);
    }

    [Fact]
    public void Specs_are_found_beside_the_repository_and_a_wrong_place_is_reported_clearly()
    {
        var specs = SpecFiles.Locate();
        Assert.True(File.Exists(Path.Combine(specs, "line-messaging-api.yml")));
        Assert.EndsWith(Path.Combine("shared", "platform-specs"), specs);

        var e = Assert.Throws<DirectoryNotFoundException>(() => SpecFiles.Locate("/nonexistent/platform-specs"));
        Assert.Contains("/nonexistent/platform-specs", e.Message);
    }

    [Fact]
    public async Task A_fake_pointed_at_missing_specs_does_not_start()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            FakePlatform.StartAsync(Network.Line, new FakePlatformOptions { SpecsDirectory = "/nonexistent/platform-specs" }, Ct));
    }

    [Fact]
    public void Mastodon_counts_graphemes_and_urls_as_23()
    {
        Assert.Equal(3, TextLength.Mastodon("👨‍👩‍👧‍👦あa"));
        Assert.Equal(2 + 23, TextLength.Mastodon("詳細https://www.city.example.jp/a/very/long/path/that/is/longer/than/23"));
    }
}
