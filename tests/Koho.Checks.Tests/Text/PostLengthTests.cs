using Koho.Checks.Text;
using YamlDotNet.RepresentationModel;

namespace Koho.Checks.Tests.Text;

/// <summary>X's weighted length against twitter-text's own conformance vectors (../shared/platform-specs).</summary>
public sealed class PostLengthTests
{
    private static string Spec => Path.GetFullPath(Path.Combine(Quality.LabelledSet.Dir(), "..", "..", "..", "..", "shared", "platform-specs", "twitter-text-validate.yml"));

    public static TheoryData<string, string, int> Vectors(string suite)
    {
        var data = new TheoryData<string, string, int>();
        if (!File.Exists(Spec)) return data;
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Spec)) yaml.Load(reader);
        var tests = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("tests")];
        foreach (YamlMappingNode v in (YamlSequenceNode)tests.Children[new YamlScalarNode(suite)])
        {
            var expected = (YamlMappingNode)v.Children[new YamlScalarNode("expected")];
            data.Add(((YamlScalarNode)v.Children[new YamlScalarNode("description")]).Value!,
                ((YamlScalarNode)v.Children[new YamlScalarNode("text")]).Value!,
                int.Parse(((YamlScalarNode)expected.Children[new YamlScalarNode("weightedLength")]).Value!));
        }
        return data;
    }

    public static TheoryData<string, string, int> Plain => Vectors("WeightedTweetsCounterTest");
    public static TheoryData<string, string, int> DiscountedEmoji => Vectors("WeightedTweetsWithDiscountedEmojiCounterTest");

    [Theory]
    [MemberData(nameof(Plain))]
    public void Every_WeightedTweetsCounterTest_vector_counts_exactly(string description, string text, int weightedLength) =>
        Assert.True(PostLength.XWeighted(text, discountEmoji: false) == weightedLength,
            $"{description}: {PostLength.XWeighted(text, discountEmoji: false)} ≠ {weightedLength}");

    [Theory]
    [MemberData(nameof(DiscountedEmoji))]
    public void Every_discounted_emoji_vector_counts_exactly(string description, string text, int weightedLength) =>
        Assert.True(PostLength.XWeighted(text, discountEmoji: true) == weightedLength,
            $"{description}: {PostLength.XWeighted(text, discountEmoji: true)} ≠ {weightedLength}");

    [Fact]
    public void The_conformance_file_is_there() => Assert.True(Plain.Count >= 15, Spec);

    [Theory]
    [InlineData(140, 280)]
    [InlineData(141, 282)]
    public void Japanese_counts_two_per_character(int chars, int weighted) =>
        Assert.Equal(weighted, PostLength.XWeighted(new string('あ', chars)));

    [Fact]
    public void Other_platforms_count_their_own_way()
    {
        var family = "👨‍👩‍👧‍👦"; // one grapheme, 11 UTF-16 units
        Assert.Equal(1, PostLength.Graphemes(family));
        Assert.Equal((1, 500, "文字"), PostLength.Measure(Platform.Mastodon, family));
        Assert.Equal(family.Length, PostLength.Measure(Platform.Line, family)!.Value.Length);
        // Bluesky: 300 graphemes, but also 3,000 UTF-8 bytes.
        var bytes = string.Concat(Enumerable.Repeat(family, 121)); // 121 graphemes, 3,025 UTF-8 bytes
        Assert.True(PostLength.Measure(Platform.Bluesky, bytes)!.Value.Length > 3000);
    }
}
