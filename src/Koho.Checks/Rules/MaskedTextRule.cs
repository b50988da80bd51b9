using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// 伏せ字: ○○さん, ××議員, 死●. Not a bullet at the start of a line (○ 日時), not a legend (○＝開館),
/// not multiplication (3×4), and not 〇 as a kanji numeral (二〇二六年).
/// </summary>
internal sealed class MaskedTextRule : IRule
{
    private const string KanjiNumerals = "〇一二三四五六七八九十百千万";

    // 縦38cm×横54cm is a size, not a mask: a single mark hides something only between Japanese letters.
    private static bool IsJapaneseLetter(char c) => c is >= '\u3041' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or '々';

    private static readonly System.Buffers.SearchValues<char> Marks = System.Buffers.SearchValues.Create("〇○◯●×✕✖*■□◆◇☆★△▲◎");

    // ○×クイズ, ○×式, ○×で答える: true-or-false marks, hiding nothing.
    private static readonly string[] TrueFalseFollowers = ["クイズ", "くいず", "ゲーム", "式", "問題", "形式", "で答え", "でお答え", "をつけ", "を付け"];

    private static bool IsTrueFalse(string t, int start, int end)
    {
        var marks = t.AsSpan(start, end - start);
        if (marks.Length != 2 || !(marks.ContainsAny("○◯") && marks.ContainsAny("×✕✖"))) return false;
        foreach (var f in TrueFalseFollowers) if (t.AsSpan(end).StartsWith(f, StringComparison.Ordinal)) return true;
        return false;
    }

    public void Apply(CheckContext context)
    {
        var t = context.Text.Folded;
        for (var i = 0; i < t.Length; i++)
        {
            var skip = t.AsSpan(i).IndexOfAny(Marks);
            if (skip < 0) break;
            i += skip;
            var c = t[i];
            if (c == '〇')
            {
                var e = i;
                while (e < t.Length && t[e] == '〇') e++;
                var prev = i > 0 ? t[i - 1] : ' ';
                var next = e < t.Length ? t[e] : ' ';
                var numeral = KanjiNumerals.Contains(prev) && prev != '〇' || KanjiNumerals.Contains(next) && next != '〇'
                              || char.IsAsciiDigit(prev) || char.IsAsciiDigit(next) || next is '年' or '月' or '日' or '番' or '円' or '人' or '件' or '回';
                if (e - i >= 2 && !numeral)
                {
                    context.ReportFolded(Categories.MaskedText, "masked-text.zero", i, e - i,
                        $"「{new string('〇', e - i)}」は伏せ字と思われます。{RuleSet.Advice(Categories.MaskedText)}", null, Confidence.Weak);
                }
                i = e - 1;
                continue;
            }
            if (!NormalizedText.IsMask(c)) continue;
            var end = i;
            while (end < t.Length && NormalizedText.IsMask(t[end])) end++;
            var before = i > 0 ? t[i - 1] : '\n';
            var after = end < t.Length ? t[end] : '\n';
            var run = end - i;
            bool masked;
            if (c == '×' && char.IsAsciiDigit(before) && char.IsAsciiDigit(after)) masked = false;       // 3×4
            else if (after is '=' or ':' or '：' or '＝' or '…') masked = false;                          // ○＝開館 (legend)
            else if (before is '(' && after is ')') masked = false;                                        // (○)
            else if (IsTrueFalse(t, i, end)) masked = false;                                              // ○×クイズ
            else if (run >= 2) masked = !(c == '*' && run >= 3 && !char.IsLetter(before) && !char.IsLetter(after)); // ○○ — but *** as a divider is not
            else masked = IsJapaneseLetter(before) && IsJapaneseLetter(after) && !(c is '☆' or '★' or '◆' or '◇' or '◎' or '△' or '▲' or '□');
            if (masked)
            {
                context.ReportFolded(Categories.MaskedText, "masked-text", i, run,
                    $"伏せ字（{t[i..end]}）が使われています。{RuleSet.Advice(Categories.MaskedText)}", null, Confidence.Strong);
            }
            i = end - 1;
        }
    }
}
