using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>Passwords and credentials, internal IP addresses, admin URLs. Hand-written scanners over the folded view.</summary>
internal sealed class SecurityRule : IRule
{
    private static readonly string[] CredentialWords = ["パスフレーズ", "パスコード", "合言葉", "パスワード", "password", "passwd", "pass", "pw", "パス", "暗証番号", "ログインid", "ユーザーid", "ユーザid", "アカウントid", "id"];
    private static readonly string[] AdminPaths = ["/admin", "/wp-admin", "/wp-login", "/phpmyadmin", "/administrator", "/manage", "/console", "/cpanel", "/login", "/signin"];

    // Things that must not be public, each with what shows it is really there.
    private static readonly (string[] Words, string[] With, string Why)[] Exposures =
    [
        (["認証コード", "確認コード", "ワンタイムパスワード", "セキュリティコード"], ["DIGITS"], "認証用のコードが書かれています"),
        (["暗証番号", "入退室番号", "解錠番号", "ロック番号"], ["DIGITS"], "暗証番号が書かれています"),
        (["ssid"], ["パスワード", "password", "キー", "pass"], "無線 LAN の接続情報が書かれています"),
        (["ポート", "port"], ["開放", "開け", "許可", "オープン"], "ネットワークの開放状況が書かれています"),
        (["リモートデスクトップ", "rdp", "vpn"], ["開放", "接続先", "ip", "パスワード", "id"], "外部からの接続方法が書かれています"),
        (["サポートの終わった", "サポート切れ", "サポートが終了した", "サポート終了の", "更新されていない", "保守期限切れ", "保守切れ", "期限切れのサーバ"],
            ["windows", "os", "端末", "pc", "パソコン", "サーバ", "ソフト", "システム", "バージョン"], "更新されていないシステムの情報です"),
        (["ウイルス対策ソフト", "セキュリティソフト", "ウイルス対策"], ["入っていません", "入れていない", "未導入", "入っていない", "切れて", "無効"], "防御の弱点が書かれています"),
        (["脆弱性"], ["まだ", "未対応", "放置", "対策していない", "修正していない"], "対処されていない脆弱性の情報です"),
        (["ファイアウォール", "fw"], ["開放", "無効", "停止", "設定変更"], "ファイアウォールの状態が書かれています"),
    ];

    // Every word the scans below look for, in one automaton: most posts contain none, and skip the scans.
    private static readonly AhoCorasick<bool> Triggers =
        new(CredentialWords.Concat(Exposures.SelectMany(e => e.Words)).Distinct().Select(w => (w, true)));

    [ThreadStatic] private static List<AhoCorasick<bool>.Match>? _hits;

    public void Apply(CheckContext context)
    {
        var t = context.Text.Folded;
        var hits = _hits ??= [];
        hits.Clear();
        Triggers.FindAll(t, hits);
        if (hits.Count > 0)
        {
            ScanCredentials(context, t);
            ScanExposures(context, t);
        }
        if (t.IndexOf('.') >= 0) ScanPrivateAddresses(context, t);
        foreach (var url in context.Urls)
        {
            var path = t.Substring(url.Start, url.Length);
            var (ss, se) = PersonalInfoRule.Sentence(t, url.Start);
            var adminPath = AdminPaths.Any(p => path.Contains(p, StringComparison.Ordinal));
            var adminWords = PersonalInfoRule.ContainsAny(t[ss..se], ["管理画面", "管理者ページ", "管理用", "ログイン画面", "管理サイト", "管理システム", "ログインurl", "cms", "管理ページ"]);
            if (adminPath && path.Contains("admin", StringComparison.Ordinal) || adminWords)
            {
                context.ReportFolded(Categories.Security, "security.admin-url", url.Start, url.Length,
                    $"管理画面のアドレスと思われます。{RuleSet.Advice(Categories.Security)}", "管理用のアドレスは投稿しないでください。", Confidence.Strong);
            }
        }
    }

    private static void ScanExposures(CheckContext context, string t)
    {
        foreach (var (words, with, why) in Exposures)
        {
            foreach (var w in words)
            {
                var i = t.IndexOf(w, StringComparison.Ordinal);
                if (i < 0) continue;
                if (w.Length <= 4 && w.All(char.IsAsciiLetter) && (i > 0 && char.IsAsciiLetter(t[i - 1]) || i + w.Length < t.Length && char.IsAsciiLetter(t[i + w.Length]))) continue;
                var (ss, se) = PersonalInfoRule.Sentence(t, i);
                var sentence = t[ss..se];
                var ok = with.Any(x => x == "DIGITS" ? HasCode(t, i + w.Length, 25) : sentence.Contains(x, StringComparison.Ordinal));
                if (!ok) continue;
                context.ReportFolded(Categories.Security, "security.exposure", i, w.Length,
                    $"{why}。{RuleSet.Advice(Categories.Security)}", "システムや認証に関する情報は削除してください。", Confidence.Strong);
                break;
            }
        }
    }

    /// <summary>A code of 4–8 digits shortly after the word — standing alone, not part of a phone number or a date.</summary>
    private static bool HasCode(string t, int from, int window)
    {
        var end = Math.Min(t.Length, from + window);
        for (var i = from; i < end; i++)
        {
            if (!char.IsAsciiDigit(t[i]) || i > 0 && (char.IsAsciiDigit(t[i - 1]) || t[i - 1] is '-' or '.' or '/')) continue;
            var j = i;
            var digits = 0;
            // Digits, possibly spaced out one by one (4 8 1 9), as people write a PIN so it reads clearly.
            while (j < t.Length && (char.IsAsciiDigit(t[j]) || t[j] == ' ' && j + 1 < t.Length && char.IsAsciiDigit(t[j + 1]) && j > 0 && char.IsAsciiDigit(t[j - 1])))
            {
                if (char.IsAsciiDigit(t[j])) digits++;
                j++;
            }
            var next = j < t.Length ? t[j] : ' ';
            if (digits is >= 4 and <= 8 && next is not ('-' or '.' or '/' or '年' or '月' or '日' or '円' or '時' or '分' or '人' or '件' or '名' or '個')) return true;
            i = j;
        }
        return false;
    }

    /// <summary>"パスワード: xxxx", "PW：abcd1234", "ID/PW" followed by a value.</summary>
    private static void ScanCredentials(CheckContext context, string t)
    {
        foreach (var word in CredentialWords)
        {
            for (var i = t.IndexOf(word, StringComparison.Ordinal); i >= 0; i = t.IndexOf(word, i + word.Length, StringComparison.Ordinal))
            {
                if (word.Length <= 4 && i > 0 && char.IsAsciiLetter(t[i - 1])) continue; // part of a longer word
                var k = i + word.Length;
                if (word.Length <= 4 && k < t.Length && char.IsAsciiLetter(t[k])) continue;
                // パス inside パスポート, パスタ, キャンパス is not a password.
                if (word == "パス" && (k < t.Length && t[k] is >= '\u30A1' and <= '\u30FC' || i > 0 && t[i - 1] is >= '\u30A1' and <= '\u30FC')) continue;
                // 合言葉 is a password only when it opens something: ログインの合言葉 (not 防災の合言葉「安全第一」).
                if (word == "合言葉" && !PersonalInfoRule.ContainsAny(t[Math.Max(0, i - 12)..i], ["ログイン", "サインイン", "システム", "端末", "アカウント", "wi-fi", "wifi", "pc"])) continue;
                // A value quoted later in the sentence: パスワードが「oizumi0276」, パスワード…「Kichijoji0301」って.
                var open = t.IndexOf('「', k, Math.Max(0, Math.Min(t.Length, k + 40) - k));
                if (open >= 0)
                {
                    var close = t.IndexOf('」', open + 1);
                    if (close > open + 1 && close - open <= 40 && LooksLikeSecret(t[(open + 1)..close]) && word is not "id")
                    {
                        context.ReportFolded(Categories.Security, "security.credential", i, close + 1 - i,
                            $"パスワードなどの認証情報が書かれています。{RuleSet.Advice(Categories.Security)}",
                            "認証情報を削除し、直ちにパスワードを変更してください。", Confidence.Strong);
                        continue;
                    }
                }
                // Separator: ":", "=", "は", "：" then optional spaces.
                var sep = false;
                while (k < t.Length && t[k] is ' ' or ':' or '=' or 'は' or 'が' or 'も' or 'と' or '「' or '(' or '：' or '　')
                {
                    sep = true;
                    k++;
                }
                if (!sep) continue;
                var v = k;
                while (v < t.Length && t[v] > ' ' && t[v] < 0x7F && t[v] is not ('」' or ')' or '。' or '、')) v++;
                var value = t[k..v];
                if (value.Length < 4 || !value.Any(char.IsAsciiLetterOrDigit)) continue;
                // "ID" alone needs a password nearby to count as a credential.
                if (word == "id" && !PersonalInfoRule.ContainsAny(t, ["パスワード", "password", "pw", "pass"])) continue;
                context.ReportFolded(Categories.Security, "security.credential", i, v - i,
                    $"パスワードや ID などの認証情報が書かれています。{RuleSet.Advice(Categories.Security)}",
                    "認証情報を削除し、漏れた場合は直ちにパスワードを変更してください。", Confidence.Strong);
            }
        }
    }

    /// <summary>ASCII letters and digits mixed, 6 characters or more: what passwords look like.</summary>
    private static bool LooksLikeSecret(string s) =>
        s.Length >= 6 && s.All(c => c > ' ' && c < 0x7F) && s.Any(char.IsAsciiDigit) && s.Any(char.IsAsciiLetter);

    /// <summary>Private (internal) IPv4 addresses: 10/8, 172.16/12, 192.168/16.</summary>
    private static void ScanPrivateAddresses(CheckContext context, string t)
    {
        Span<int> octets = stackalloc int[4];
        for (var i = 0; i < t.Length; i++)
        {
            var next = t.AsSpan(i).IndexOfAny('1', '7', '9'); // 10., 172., 192.
            if (next < 0) break;
            i += next;
            if (i > 0 && (char.IsAsciiDigit(t[i - 1]) || t[i - 1] == '.')) continue;
            var k = i;
            var count = 0;
            while (count < 4)
            {
                var s = k;
                var value = 0;
                while (k < t.Length && char.IsAsciiDigit(t[k]) && k - s < 3) value = value * 10 + (t[k++] - '0');
                if (k == s || value > 255) break;
                octets[count++] = value;
                if (count < 4)
                {
                    if (k < t.Length && t[k] == '.' && k + 1 < t.Length && char.IsAsciiDigit(t[k + 1])) k++;
                    else break;
                }
            }
            if (count != 4 || (k < t.Length && (char.IsAsciiDigit(t[k]) || t[k] == '.' && k + 1 < t.Length && char.IsAsciiDigit(t[k + 1])))) continue;
            var isPrivate = octets[0] == 10 || octets[0] == 172 && octets[1] is >= 16 and <= 31 || octets[0] == 192 && octets[1] == 168;
            if (!isPrivate) continue;
            context.ReportFolded(Categories.Security, "security.internal-ip", i, k - i,
                $"庁内ネットワークの IP アドレスと思われます。{RuleSet.Advice(Categories.Security)}", "内部のアドレスは投稿しないでください。", Confidence.Strong);
            i = k;
        }
    }
}
