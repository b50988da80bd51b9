using FsCheck;
using FsCheck.Fluent;

namespace Koho.Watch.Tests;

/// <summary>
/// Properties over generated handles (FsCheck): one confusable swapped into any registered handle is always a
/// look-alike of that account; case, @, full width and surrounding spaces never change a verdict; no spelling of a
/// registered handle is ever flagged; random Unicode never breaks the detector.
/// </summary>
public sealed class LookalikePropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(500);

    // What each Latin letter can be swapped for without a reader noticing.
    private static readonly Dictionary<char, string[]> Swaps = new()
    {
        ['o'] = ["0", "ο", "о"], ['i'] = ["1", "l", "і", "ι"], ['l'] = ["1", "i", "ӏ"], ['s'] = ["5", "ѕ"],
        ['a'] = ["а", "α"], ['e'] = ["е"], ['c'] = ["с", "ϲ"], ['p'] = ["р"], ['x'] = ["х"], ['y'] = ["у"],
        ['m'] = ["rn"], ['w'] = ["vv"], ['d'] = ["cl"], ['h'] = ["һ"], ['k'] = ["к"],
    };

    // The register's handles split into the part that names the account and what the platform adds around it.
    private static readonly (string Label, string Prefix, string Local, string Suffix)[] Handles =
    [
        ("X", "@", "musashino_city", ""), ("IG", "", "musashino_city_official", ""), ("Mastodon", "@", "musashino", "@mstdn.jp"),
        ("Facebook", "", "musashino.city", ""), ("Line", "@", "musashino-city", ""), ("YouTube", "@", "musashinocitych", ""),
        ("Bluesky", "", "musashino-city", ".bsky.social"), ("XBosai", "@", "musashino_bosai", ""), ("XKosodate", "@", "musashino_kosodate", ""),
    ];

    private static Gen<string> SwapOne(string local) =>
        from index in Gen.Elements(Enumerable.Range(0, local.Length).Where(i => Swaps.ContainsKey(local[i])).ToArray())
        from swap in Gen.Elements(Swaps[local[index]])
        select local[..index] + swap + local[(index + 1)..];

    // A registered handle with one (or two) confusables swapped into the part that names the account.
    private static Gen<(string Label, string Handle)> Swapped(int swaps) =>
        from h in Gen.Elements(Handles)
        from local in swaps == 1 ? SwapOne(h.Local) : SwapOne(h.Local).SelectMany(SwapOne)
        select (h.Label, h.Prefix + local + h.Suffix);

    [Fact]
    public void One_confusable_swapped_into_a_registered_handle_is_always_a_lookalike_of_it() =>
        Check.One(Many, Prop.ForAll(Swapped(1).ToArbitrary(), x =>
        {
            var account = Fixture.Accounts[x.Label];
            var c = Fixture.Assess(account.Platform, x.Handle);
            var named = Koho.Watch.Handles.Parse(account.Platform, account.Handle).Display + "（公式）と見分けにくい文字";
            return c is { Reason: CandidateReason.Lookalike, Score: 0.95 } && c.ResemblesAccountId == account.Id
                && c.Explanation.StartsWith(named, StringComparison.Ordinal);
        }));

    [Fact]
    public void Two_confusables_are_still_a_lookalike_of_the_same_account() =>
        Check.One(Many, Prop.ForAll(Swapped(2).ToArbitrary(), x =>
        {
            var account = Fixture.Accounts[x.Label];
            var c = Fixture.Assess(account.Platform, x.Handle);
            // Two swaps can swap a letter back (l→i→l): then it is the registered account itself.
            return c is null ? Koho.Watch.Handles.Parse(account.Platform, x.Handle).SameAccountAs(Koho.Watch.Handles.Parse(account.Platform, account.Handle))
                : c.Reason == CandidateReason.Lookalike && c.ResemblesAccountId == account.Id;
        }));

    private static readonly string[] Pool =
    [
        "musashino_clty", "rnusashino_city", "musashino_city_official", "musashino", "musashino_official", "musashi_city",
        "musashino_ramen", "tokyo_weather", "musashi", "mitaka_city", "hanako_1234", "musashino_bousai", "musashin0_c1ty_jp",
        "musashinocity", "official_musashino_city", "tsu_city", "musashino_city2024", "musashino-city", "kichijoji_guide",
    ];

    private static readonly string[] Platforms = ["X", "Instagram", "Mastodon", "Bluesky", "Facebook", "Line", "YouTube", "TikTok"];
    private static readonly string?[] Displays = [null, "武蔵野市", "【公式】武蔵野市", "鈴木太郎", "武蔵野市役所 広報", "Musashino City"];

    private static Gen<string> AnyHandle => Gen.OneOf(
        Gen.Elements(Pool),
        Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789_".ToCharArray())).Select(cs => new string(cs)));

    private static string FullWidth(string s) => string.Concat(s.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));

    private static Gen<Func<string, string>> Respelling => Gen.Elements<Func<string, string>>(
        s => s.ToUpperInvariant(),
        s => "@" + s,
        s => "@@" + s,
        s => FullWidth("@" + s),
        s => "  " + s + "\u3000",
        s => string.Concat(s.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
        s => "\u200B" + s);

    [Fact]
    public void Case_at_signs_full_width_and_spaces_never_change_the_verdict() =>
        Check.One(Many, Prop.ForAll(
            (from handle in AnyHandle
             from platform in Gen.Elements(Platforms)
             from display in Gen.Elements(Displays)
             from respell in Respelling
             select (platform, handle, display, respell)).ToArbitrary(),
            x =>
            {
                var a = Fixture.Assess(x.platform, x.handle, x.display);
                var b = Fixture.Assess(x.platform, x.respell(x.handle), x.display);
                return a?.Reason == b?.Reason && a?.ResemblesAccountId == b?.ResemblesAccountId && a?.Score == b?.Score
                    && a?.Explanation == b?.Explanation;
            }));

    [Fact]
    public void No_spelling_of_a_registered_handle_is_ever_flagged() =>
        Check.One(Many, Prop.ForAll(
            (from h in Gen.Elements(Handles)
             from respell in Respelling
             from display in Gen.Elements(Displays)
             select (h, respell, display)).ToArbitrary(),
            x =>
            {
                var account = Fixture.Accounts[x.h.Label];
                return Fixture.Assess(account.Platform, x.respell(x.h.Prefix + x.h.Local + x.h.Suffix), x.display) is null;
            }));

    private static Gen<char> AnyChar => Gen.OneOf(
        Gen.Choose(0x20, 0x7E).Select(i => (char)i),
        Gen.Choose(0x0370, 0x04FF).Select(i => (char)i),   // Greek and Cyrillic
        Gen.Choose(0x3041, 0x30FF).Select(i => (char)i),
        Gen.Choose(0x4E00, 0x4FFF).Select(i => (char)i),
        Gen.Choose(0xFF01, 0xFF9F).Select(i => (char)i),
        Gen.Choose(0xD800, 0xDFFF).Select(i => (char)i),   // surrogates, often lone
        Gen.Choose(0x0300, 0x036F).Select(i => (char)i),   // combining marks
        Gen.Elements('@', '.', '_', '-', '\u200B', '\u200D', '\uFE0F', '　', '/', ':'));

    private static Gen<string> RandomText => Gen.ArrayOf(AnyChar).Select(cs => new string(cs));

    [Fact]
    public void Random_unicode_never_breaks_the_detector_and_candidates_are_well_formed() =>
        Check.One(Many, Prop.ForAll(RandomText.ToArbitrary(), RandomText.ToArbitrary(), Gen.Elements(Platforms.Append("").ToArray()).ToArbitrary(),
            (handle, display, platform) =>
            {
                foreach (var h in new[] { handle, "musashino" + handle, handle + "_city" })
                {
                    var c = Fixture.Assess(platform, h, display);
                    if (c is null) continue;
                    if (c.Score is < 0 or > 1 || string.IsNullOrWhiteSpace(c.Explanation)) return false;
                    if ((c.Reason == CandidateReason.MunicipalityName) != (c.ResemblesAccountId is null)) return false;
                }
                return true;
            }));
}
