using Koho.Packs;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Koho.Checks.Io;
using Koho.Checks.Packs;

namespace Koho.Checks.Tests.Io;

/// <summary>
/// Bad or hostile input never crashes or hangs the checker: random Unicode (lone surrogates, emoji, half-width
/// kana, combining marks) and random mixtures of every rule's trigger strings (FsCheck property tests), and
/// malformed input lines, which get a message naming the problem.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly CompiledPack[] Packs = BuiltInPacks.Ids.Select(id => Checker.Compile(BuiltInPacks.Get(id))).ToArray();

    private static readonly string[] Triggers =
    [
        "マイナンバー", "123456789018", "090-1234-5678", "a@gmail.com", "部外秘", "ここだけの話", "パスワード：", "abc12345", "192.168.1.1",
        "検討中", "ご検討中の方", "噂によると", "らしい", "素晴らしい", "候補をよろしく", "選挙", "ばれなければ", "注意", "○○", "××", "〇〇",
        "https://", "http://", "bit.ly/", "t.co", ".lg.jp", "丁目", "2番28号", "さん", "（12歳）", "小学校", "「", "」", "？", "。", "\n",
        "外国人は", "マナーが悪い", "店主", "最悪", "免許", "ても大丈夫", "口座番号", "1234567", "認証コード", "ｶﾞ", "ﾟ", "＃", "@", "…",
    ];

    private static Gen<char> AnyChar => Gen.OneOf(
        Gen.Choose(0x20, 0x7E).Select(i => (char)i),
        Gen.Choose(0x3041, 0x30FF).Select(i => (char)i),
        Gen.Choose(0x4E00, 0x4FFF).Select(i => (char)i),
        Gen.Choose(0xFF01, 0xFF9F).Select(i => (char)i),
        Gen.Choose(0xD800, 0xDFFF).Select(i => (char)i),   // surrogates, often lone
        Gen.Choose(0x0300, 0x036F).Select(i => (char)i),   // combining marks
        Gen.Elements('○', '×', '●', '〇', '\u200D', '\uFE0F', '\u3099', '\u309A', '\n', '　'));

    private static Gen<string> RandomText => Gen.ArrayOf(AnyChar).Select(cs => new string(cs));

    private static Gen<string> TriggerMix =>
        Gen.ListOf(Gen.OneOf(Gen.Elements(Triggers), RandomText.Select(s => s.Length > 6 ? s[..6] : s))).Select(parts => string.Concat(parts));

    private static bool Sound(string text)
    {
        try { return SoundOrThrow(text); }
        catch (Exception e) { throw new InvalidOperationException($"failed on {System.Text.Json.JsonSerializer.Serialize(text)}", e); }
    }

    private static bool SoundOrThrow(string text)
    {
        foreach (var pack in Packs)
        {
            foreach (var mode in new[] { PostMode.Official, PostMode.Private })
            {
                var draft = new Draft(text) { Mode = mode, Platform = Platform.X, ScheduledAt = DateTimeOffset.UnixEpoch, Recent = [text, text + "。"] };
                var result = Checker.Check(draft, pack);
                foreach (var f in result.Findings)
                {
                    if (f.Start < 0 || f.Length < 0 || f.Start + f.Length > text.Length) return false;
                    if (!Categories.IsKnown(f.Category) || string.IsNullOrEmpty(f.Message)) return false;
                }
                using var doc = JsonDocument.Parse(CheckJsonl.Format("x", result)); // the output line is valid JSON
            }
        }
        return true;
    }

    [Fact]
    public void Random_unicode_never_breaks_the_checker() =>
        Prop.ForAll(RandomText.ToArbitrary(), Sound).QuickCheckThrowOnFailure();

    [Fact]
    public void Random_mixtures_of_trigger_strings_never_break_the_checker() =>
        Prop.ForAll(TriggerMix.ToArbitrary(), Sound).QuickCheckThrowOnFailure();

    [Fact]
    public void A_long_hostile_text_is_checked_quickly()
    {
        var text = string.Concat(Enumerable.Repeat("○×部外秘090-1234-5678噂によるとhttps://bit.ly/a 123456789018さん（12歳）", 2000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Checker.Check(new Draft(text) { Platform = Platform.Line }, Packs[0]);
        Assert.NotEmpty(result.Findings);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}"); // a guard against hangs, not a benchmark
    }

    [Theory]
    [InlineData("{not json", "JSON として読めません")]
    [InlineData("[1,2]", "JSON オブジェクト")]
    [InlineData("""{"id":"a"}""", "text")]
    [InlineData("""{"id":"a","text":"x","scheduledAt":"tomorrow"}""", "scheduledAt")]
    [InlineData("""{"id":"a","text":"x","platform":"myspace"}""", "platform")]
    [InlineData("""{"id":"a","text":"x","mode":"secret"}""", "mode")]
    public void Malformed_input_lines_get_a_message_naming_the_problem(string line, string mentions)
    {
        Assert.False(CheckJsonl.TryParse(line, out _, out var error));
        Assert.Contains(mentions, error);
    }

    [Fact]
    public void A_lone_surrogate_in_an_input_line_gets_a_message()
    {
        Assert.False(CheckJsonl.TryParse("""{"id":"s","text":"部外秘\ud800です"}""", out _, out var error));
        Assert.Contains("サロゲート", error);
        Assert.Contains("s", error);
    }

    [Fact]
    public void A_lone_surrogate_in_a_draft_comes_out_as_valid_JSON()
    {
        var result = Checker.Check(new Draft("部外秘\ud800です"), Packs[0]);
        Assert.NotEmpty(result.Findings);
        using var doc = JsonDocument.Parse(CheckJsonl.Format("s", result));
        Assert.Equal("s", doc.RootElement.GetProperty("id").GetString());
    }
}
