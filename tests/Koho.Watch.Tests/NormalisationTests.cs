namespace Koho.Watch.Tests;

/// <summary>The building blocks: handle reading, confusable skeletons, affix cores, the edit distance and the diff.</summary>
public sealed class NormalisationTests
{
    [Theory]
    [InlineData("musashino_city", "musashlnodty")]
    [InlineData("MUSASHINO-CITY", "musashlnodty")]
    [InlineData("musashino.city", "musashlnodty")]
    [InlineData("rnusash1n0_c1ty", "musashlnodty")]
    [InlineData("musashino_clty", "musashlnodty")]
    [InlineData("ｍｕｓａｓｈｉｎｏ＿ｃｉｔｙ", "musashlnodty")]
    [InlineData("\u043Cu\u0455\u0430\u0455\u04BB\u0456\u043F\u043E_\u0441\u0456\u0442\u0443", "musashlnodty")] // Cyrillic throughout but u (Cyrillic has no u look-alike)
    [InlineData("musashinο_city", "musashlnodty")] // Greek omicron
    [InlineData("MUSASHIΝO_CITY", "musashlnodty")] // Greek capital nu: its small letter ν would read as v
    [InlineData("musashinö_cíty", "musashlnodty")] // accents
    [InlineData("musa\u200Bshino_city", "musashlnodty")] // zero-width space
    [InlineData("vvest", "west")]
    [InlineData("wvv", "ww")]
    [InlineData("5hinjuku", "shlnjuku")]
    [InlineData("𝐦𝐮𝐬𝐚𝐬𝐡𝐢𝐧𝐨", "musashlno")] // mathematical bold
    public void The_skeleton_folds_confusables(string handle, string skeleton) =>
        Assert.Equal(skeleton, Confusables.SkeletonOf(handle));

    [Theory]
    [InlineData("musashino", "musashi")]
    [InlineData("musashino_city", "mitaka_city")]
    [InlineData("musashino", "nusashino")]
    [InlineData("city", "cify")]
    public void Different_names_keep_different_skeletons(string a, string b) =>
        Assert.NotEqual(Confusables.SkeletonOf(a), Confusables.SkeletonOf(b));

    [Theory]
    [InlineData("X", "@Musashino_City", "X", "musashino_city", null, "@Musashino_City")]
    [InlineData("twitter", "＠musashino_city", "X", "musashino_city", null, "@musashino_city")]
    [InlineData("Mastodon", "@musashino@mstdn.jp", "Mastodon", "musashino", "mstdn.jp", "@musashino@mstdn.jp")]
    [InlineData("mastodon", "musashino@MSTDN.JP", "Mastodon", "musashino", "mstdn.jp", "@musashino@mstdn.jp")]
    [InlineData("Mastodon", "https://mstdn.jp/@musashino", "Mastodon", "musashino", "mstdn.jp", "@musashino@mstdn.jp")]
    [InlineData("Mastodon", "musashino", "Mastodon", "musashino", null, "@musashino")]
    [InlineData("Bluesky", "musashino-city.bsky.social", "Bluesky", "musashino-city", null, "@musashino-city.bsky.social")]
    [InlineData("bsky", "@musashino-city", "Bluesky", "musashino-city", null, "@musashino-city.bsky.social")]
    [InlineData("Bluesky", "city.musashino.lg.jp", "Bluesky", "city.musashino.lg.jp", null, "@city.musashino.lg.jp")]
    [InlineData("Bluesky", "https://bsky.app/profile/musashino-city.bsky.social", "Bluesky", "musashino-city", null, "@musashino-city.bsky.social")]
    [InlineData("LINE", "@musashino-city", "Line", "musashino-city", null, "@musashino-city")]
    [InlineData("YouTube", "https://www.youtube.com/@MusashinoCityCh/videos", "YouTube", "musashinocitych", null, "@MusashinoCityCh")]
    [InlineData("Facebook", "https://www.facebook.com/musashino.city/?ref=x", "Facebook", "musashino.city", null, "@musashino.city")]
    [InlineData("Threads", " @someone ", "Threads", "someone", null, "@someone")]
    public void Handles_are_read_the_way_their_platform_means_them(string platform, string handle, string canonical, string plain, string? domain, string display)
    {
        var h = Handles.Parse(platform, handle);
        Assert.Equal(canonical, h.Platform);
        Assert.Equal(plain, h.Plain);
        Assert.Equal(domain, h.Domain);
        Assert.Equal(display, h.Display);
    }

    [Fact]
    public void Mastodon_identity_needs_the_same_server_when_both_name_one()
    {
        var official = Handles.Parse("Mastodon", "musashino@mstdn.jp");
        Assert.True(official.SameAccountAs(Handles.Parse("Mastodon", "@musashino@mstdn.jp")));
        Assert.True(official.SameAccountAs(Handles.Parse("Mastodon", "musashino")));
        Assert.False(official.SameAccountAs(Handles.Parse("Mastodon", "musashino@mastodon.social")));
        Assert.False(official.SameAccountAs(Handles.Parse("X", "musashino")));
    }

    [Fact]
    public void Cores_take_official_words_and_numbers_off_either_end()
    {
        var cores = Affixes.Cores("officialmusashinocity2024");
        Assert.Contains(cores, c => c.Compact == "musashinocity" && c.Keys.OrderBy(k => k).SequenceEqual(["2024", "official"]));
        Assert.Contains(cores, c => c.Compact == "musashino" && c.Keys.Count == 3);
        Assert.Contains(cores, c => c.Compact == "officialmusashinocity2024" && c.Keys.Count == 0);
        // Digit swaps in the affix are still the affix; generic words alone are no core.
        Assert.Contains(Affixes.Cores("musashinocity0fficial"), c => c.Compact == "musashinocity" && c.Written.SequenceEqual(["0fficial"]));
        Assert.DoesNotContain(Affixes.Cores("cityofficial"), c => c.Keys.Count > 0);
        Assert.DoesNotContain(Affixes.Cores("otacity"), c => c.Compact == "ota"); // too short
    }

    [Theory]
    [InlineData("musashino", "musashino", 2, 0)]
    [InlineData("musashino", "musashin", 2, 1)]
    [InlineData("musashino", "musahsino", 2, 1)] // swap of neighbours is one edit
    [InlineData("musashino", "musashi", 2, 2)]
    [InlineData("musashino", "musashi", 1, 2)] // beyond max: max + 1
    [InlineData("musashino", "mitaka", 2, 3)]
    [InlineData("", "abc", 5, 3)]
    [InlineData("abc", "", 1, 2)]
    [InlineData("ca", "abc", 3, 3)] // optimal string alignment, not unrestricted Damerau
    [InlineData("kitten", "sitting", 3, 3)]
    public void Bounded_edit_distance(string a, string b, int max, int expected)
    {
        Assert.Equal(expected, EditDistance.Bounded(a, b, max));
        Assert.Equal(expected, EditDistance.Bounded(b, a, max));
    }

    [Theory]
    [InlineData("musashin0city", "musashinocity", "0→o")]
    [InlineData("rnusashinocity", "musashinocity", "rn→m")]
    [InlineData("musashinocitty", "musashinocity", "余分な「t」")]
    [InlineData("musashinocty", "musashinocity", "「i」の抜け")]
    [InlineData("musаshinocity", "musashinocity", "キリル文字の「а」→a")]
    [InlineData("m0sash1n0c1ty", "musashinocity", "0→u、1→i、0→oなど")]
    [InlineData("mo0sash1n0c1tyy", "musashinocity", "o0→u、1→i、0→oなど")]
    [InlineData("same", "same", "")]
    public void The_diff_names_the_differences(string observed, string registered, string expected) =>
        Assert.Equal(expected, TextDiff.Describe(observed, registered));
}
