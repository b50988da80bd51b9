using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>
/// Personal information: マイナンバー (check digit verified), 運転免許証番号 with context, personal phone numbers,
/// personal e-mail addresses, a person's home address down to 番地, bank accounts, and a named person with
/// identifying details. Public contacts of the office (代表番号, 0120, #7119, …) are not personal information.
/// Hand-written scanners over the folded view (full-width digits already ASCII).
/// </summary>
internal sealed class PersonalInfoRule : IRule
{
    private static readonly string[] MyNumberContext = ["マイナンバー", "個人番号", "まいなんばー"];
    private static readonly string[] LicenseContext = ["免許"];
    private static readonly string[] PrivatePhoneContext = ["自宅", "携帯", "個人の", "私の", "さんの電話", "さん宅", "宅の電話", "実家", "本人の電話", "本人携帯", "プライベート"];
    private static readonly string[] OfficeContext = ["課", "係", "担当", "センター", "窓口", "代表", "市役所", "区役所", "役場", "庁舎", "問い合わせ", "問合せ", "問合わせ", "お問い", "tel", "電話番号", "受付", "事務局", "相談", "館", "所", "室"];
    private static readonly string[] FreeMailDomains = ["gmail.com", "yahoo.co.jp", "ymail.ne.jp", "icloud.com", "me.com", "hotmail.com", "hotmail.co.jp", "outlook.com", "outlook.jp", "live.jp", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp"];
    private static readonly string[] PersonContext = ["さん", "氏", "様", "くん", "君", "ちゃん", "自宅", "さん宅", "住所", "在住", "住む", "住んで", "お住まい", "の家", "宅は"];
    private static readonly string[] FacilityContext = ["会場", "庁舎", "市役所", "区役所", "役場", "センター", "会館", "館", "公園", "学校", "駅", "所在地", "〒", "ホール", "施設", "事務所", "場所", "集合", "広場", "病院", "郵便局", "店", "開催"];
    private static readonly string[] Honorifics = ["さん", "くん", "ちゃん", "氏", "様", "って人", "という人", "という方"];
    private static readonly string[] NotNames = ["皆", "みな", "客", "利用者", "市民", "住民", "区民", "町民", "参加者", "担当", "子", "職員", "方", "ボランティア", "講師", "先生", "生徒", "保護者", "皆様", "お父", "お母", "おじい", "おばあ", "お兄", "お姉", "店員", "スタッフ", "会員", "委員", "読者", "ファン", "みんな", "なさん", "者"];
    private static readonly string[] AgeMarks = ["歳", "才", "か月", "ヶ月", "ケ月"];
    private static readonly string[] Schools = ["小学校", "中学校", "高校", "高等学校", "幼稚園", "保育園", "保育所", "こども園", "大学", "小学", "中学"];
    private static readonly string[] Neighbourhoods = ["丁目", "在住", "町内", "地区の", "自治会", "番地", "団地", "マンション", "アパート"];
    private static readonly string[] Conditions = ["病", "障害", "障がい", "認知症", "入院", "妊娠", "生活保護", "不登校", "陽性", "感染", "がん", "うつ", "介護", "離婚", "前科", "逮捕", "虐待", "借金", "滞納"];

    // First characters of the words the scans start from: a post without any of them skips that scan.
    private static readonly System.Buffers.SearchValues<char> BankStarts = System.Buffers.SearchValues.Create("口普当振");
    private static readonly System.Buffers.SearchValues<char> HonorificStarts = System.Buffers.SearchValues.Create("さくち氏様っと");

    public void Apply(CheckContext context)
    {
        var folded = context.Text.Folded;
        ScanNumbers(context, folded);
        if (folded.Contains('@')) ScanEmails(context, folded);
        ScanAddresses(context, folded);
        if (folded.AsSpan().ContainsAny(BankStarts)) ScanBankAccounts(context, folded);
        if (folded.AsSpan().ContainsAny(HonorificStarts)) ScanNamedPeople(context, folded);
    }

    /// <summary>Runs of digits with single separators: マイナンバー, licence numbers and phone numbers.</summary>
    private static void ScanNumbers(CheckContext context, string t)
    {
        Span<char> digits = stackalloc char[24];
        for (var i = 0; i < t.Length; i++)
        {
            var next = t.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (next < 0) break;
            i += next;
            if (i > 0 && (char.IsAsciiDigit(t[i - 1]) || t[i - 1] == '#')) continue;
            // Collect digits, allowing one separator (hyphen-like, space, parentheses) between groups.
            var n = 0;
            var j = i;
            while (j < t.Length && n < digits.Length)
            {
                if (char.IsAsciiDigit(t[j])) { digits[n++] = t[j++]; continue; }
                if (IsSeparator(t[j]) && j + 1 < t.Length && char.IsAsciiDigit(t[j + 1])) { j++; continue; }
                if (t[j] is '(' or ')' && j + 1 < t.Length && char.IsAsciiDigit(t[j + 1]) && n > 0) { j++; continue; }
                break;
            }
            if (j < t.Length && char.IsAsciiDigit(t[j])) { i = j; continue; } // longer than any number we look for
            if (n is not (10 or 11 or 12)) { i = j - 1; continue; } // dates, prices, counts: nothing to look at
            var number = new string(digits[..n]);
            var (sentenceStart, sentenceEnd) = Sentence(t, i);
            var sentence = t[sentenceStart..sentenceEnd];
            var before = t[Math.Max(sentenceStart, i - 20)..i];

            if (n == 12)
            {
                if (ContainsAny(before, LicenseContext))
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.driver-licence", i, j - i,
                        $"運転免許証番号と思われる番号です。{RuleSet.Advice(Categories.PersonalInfo)}", "番号を削除してください。", Confidence.Strong);
                }
                else if (IsValidMyNumber(number))
                {
                    var strong = ContainsAny(sentence, MyNumberContext);
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.my-number", i, j - i,
                        $"マイナンバー（個人番号）の形式で検査用数字も一致する12桁の番号です。{RuleSet.Advice(Categories.PersonalInfo)}",
                        "マイナンバーは絶対に掲載しないでください。", strong ? Confidence.Strong : Confidence.Weak);
                }
                continue;
            }

            if (number[0] == '0' && n is 10 or 11)
            {
                if (number.StartsWith("0120") || number.StartsWith("0800") || number.StartsWith("0570") || number.StartsWith("0990")) continue;
                var mobile = n == 11 && number[1] is '7' or '8' or '9' && number[2] == '0';
                if (mobile)
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.mobile-phone", i, j - i,
                        $"携帯電話番号です。個人の番号を公開しないでください。{RuleSet.Advice(Categories.PersonalInfo)}",
                        "担当課の代表電話番号を載せてください。", Confidence.Strong);
                }
                else if (ContainsAny(sentence, PrivatePhoneContext))
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.private-phone", i, j - i,
                        $"個人の電話番号と思われます。{RuleSet.Advice(Categories.PersonalInfo)}", "担当課の代表電話番号を載せてください。", Confidence.Strong);
                }
                else if (n == 11 && number.StartsWith("050"))
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.ip-phone", i, j - i,
                        $"IP電話の番号です。個人の番号でないか確認してください。", null, Confidence.Weak);
                }
                else if (!ContainsAny(sentence, OfficeContext) && !ContainsAny(t, OfficeContext))
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.phone", i, j - i,
                        "電話番号です。担当課など公開用の番号であることを確認してください。", null, Confidence.Weak);
                }
            }
        }
    }

    private static bool IsSeparator(char c) => c is '-' or ' ' or '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or 'ー' or '.';

    /// <summary>個人番号の検査用数字 (番号法施行令 8条): weights 2–7, 2–6 from the right, modulus 11.</summary>
    public static bool IsValidMyNumber(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 12) return false;
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = digits[11 - n] - '0';
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        var r = sum % 11;
        var check = r <= 1 ? 0 : 11 - r;
        return digits[11] - '0' == check;
    }

    private static void ScanEmails(CheckContext context, string t)
    {
        for (var at = t.IndexOf('@'); at >= 0; at = t.IndexOf('@', at + 1))
        {
            var s = at;
            while (s > 0 && IsLocalChar(t[s - 1])) s--;
            var e = at + 1;
            while (e < t.Length && (char.IsAsciiLetterOrDigit(t[e]) || t[e] is '.' or '-')) e++;
            while (e > at + 1 && t[e - 1] is '.' or '-') e--;
            if (s == at || e <= at + 1) continue;
            var domain = t[(at + 1)..e];
            if (!domain.Contains('.')) continue;
            if (context.Pack.IsTrustedDomain(domain)) continue;
            var free = FreeMailDomains.Any(d => domain == d || domain.EndsWith("." + d, StringComparison.Ordinal));
            context.ReportFolded(Categories.PersonalInfo, "personal-info.email", s, e - s,
                free ? "個人のメールアドレスです。公式の投稿に個人のアドレスを載せないでください。"
                     : "市のドメイン以外のメールアドレスです。個人のアドレスでないか確認してください。",
                "担当課の公式メールアドレスか問い合わせフォームを案内してください。", free ? Confidence.Strong : Confidence.Weak);
        }
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '%';

    /// <summary>An address down to 番地 (…丁目2番28号, 3-9-11) in a sentence about a person, not a venue.</summary>
    private static void ScanAddresses(CheckContext context, string t)
    {
        var i = 0;
        while (i < t.Length)
        {
            var (start, end) = FindAddress(t, i);
            if (start < 0) break;
            var (ss, se) = Sentence(t, start);
            var sentence = t[ss..se];
            if (ContainsAny(sentence, PersonContext) && !ContainsAny(sentence, FacilityContext))
            {
                context.ReportFolded(Categories.PersonalInfo, "personal-info.home-address", start, end - start,
                    $"個人の住所（番地まで）と思われます。{RuleSet.Advice(Categories.PersonalInfo)}", "町名までにするか、削除してください。", Confidence.Strong);
            }
            i = end;
        }
    }

    /// <summary>The next 番地-level address: "N丁目N番(地)N(号)", "N番地", or "N-N-N" after a place name.</summary>
    private static readonly System.Buffers.SearchValues<char> AddressAnchors = System.Buffers.SearchValues.Create("丁番0123456789");

    private static (int Start, int End) FindAddress(string t, int from)
    {
        for (var i = from; i < t.Length; i++)
        {
            var next = t.AsSpan(i).IndexOfAny(AddressAnchors);
            if (next < 0) break;
            i += next;
            if (t[i] == '丁' && i + 1 < t.Length && t[i + 1] == '目')
            {
                var s = i;
                while (s > 0 && (char.IsAsciiDigit(t[s - 1]) || "一二三四五六七八九十".Contains(t[s - 1]))) s--;
                var e = i + 2;
                var digitsAfter = 0;
                while (e < t.Length && (char.IsAsciiDigit(t[e]) || t[e] is '番' or '地' or '号' or '-' or 'の')) { if (char.IsAsciiDigit(t[e])) digitsAfter++; e++; }
                if (digitsAfter > 0) return (BackToPlace(t, s), e);
            }
            if (t[i] == '番' && i + 1 < t.Length && t[i + 1] == '地' && i > 0 && char.IsAsciiDigit(t[i - 1]))
            {
                var s = i;
                while (s > 0 && char.IsAsciiDigit(t[s - 1])) s--;
                return (BackToPlace(t, s), i + 2);
            }
            if (char.IsAsciiDigit(t[i]) && (i == 0 || !char.IsAsciiDigit(t[i - 1])) && i > 0 && t[i - 1] is '町' or '目' or '区' or '村' or '丁')
            {
                // N-N-N right after a place name.
                var e = i;
                var parts = 0;
                while (e < t.Length)
                {
                    var d = e;
                    while (d < t.Length && char.IsAsciiDigit(t[d])) d++;
                    if (d == e) break;
                    parts++;
                    e = d;
                    if (e < t.Length && t[e] == '-' && e + 1 < t.Length && char.IsAsciiDigit(t[e + 1])) e++;
                    else break;
                }
                if (parts >= 3) return (BackToPlace(t, i), e);
            }
        }
        return (-1, -1);
    }

    private static int BackToPlace(string t, int s)
    {
        // Include the town name before the number (up to six letters) in the reported span.
        var k = s;
        while (k > 0 && s - k < 6 && char.IsLetter(t[k - 1]) && t[k - 1] is not ('の' or 'は' or 'が' or 'を' or 'に' or 'で' or 'と' or 'へ' or 'も')) k--;
        return k;
    }

    private static void ScanBankAccounts(CheckContext context, string t)
    {
        foreach (var word in new[] { "口座番号", "普通預金", "当座預金", "普通口座", "普通 ", "振込先" })
        {
            for (var i = t.IndexOf(word, StringComparison.Ordinal); i >= 0; i = t.IndexOf(word, i + 1, StringComparison.Ordinal))
            {
                var e = i + word.Length;
                var limit = Math.Min(t.Length, e + 20);
                var k = e;
                while (k < limit && !char.IsAsciiDigit(t[k])) k++;
                var d = k;
                while (d < t.Length && char.IsAsciiDigit(t[d])) d++;
                if (d - k is >= 6 and <= 8)
                {
                    context.ReportFolded(Categories.PersonalInfo, "personal-info.bank-account", i, d - i,
                        $"銀行口座の番号です。{RuleSet.Advice(Categories.PersonalInfo)}", "口座番号は載せないでください。", Confidence.Strong);
                }
            }
        }
    }

    /// <summary>A person named with an honorific and, in the same sentence, details that identify them.</summary>
    private static void ScanNamedPeople(CheckContext context, string t)
    {
        foreach (var h in Honorifics)
        {
            for (var i = t.IndexOf(h, StringComparison.Ordinal); i >= 0; i = t.IndexOf(h, i + h.Length, StringComparison.Ordinal))
            {
                // Back over the name: kanji and katakana, and hiragana given names (中村ひなた), but not across particles.
                var s = i;
                while (s > 0 && i - s < 8 && IsNameChar(t[s - 1])) s--;
                while (s < i && t[s] is >= '\u3041' and <= '\u3096') s++; // a name starts with kanji or katakana
                if (i - s < 2) continue;
                var name = t[s..i];
                if (NotNames.Any(w => name.EndsWith(w, StringComparison.Ordinal) || name.StartsWith(w, StringComparison.Ordinal))) continue;
                var (ss, se) = Sentence(t, i);
                var sentence = t[ss..se];
                var after = t[(i + h.Length)..Math.Min(t.Length, i + h.Length + 8)];
                var kinds = 0;
                if (ContainsAny(sentence, AgeMarks) && HasDigitBefore(sentence, AgeMarks) || after.StartsWith('(') && after.Length > 1 && char.IsAsciiDigit(after[1])) kinds++;
                if (ContainsAny(sentence, Schools)) kinds++;
                if (ContainsAny(sentence, Neighbourhoods) || PlaceBefore(t, s)) kinds++;
                if (ContainsAny(sentence, Conditions)) kinds++;
                if (kinds == 0) continue;
                context.ReportFolded(Categories.PersonalInfo, "personal-info.named-person", s, i + h.Length - s,
                    $"「{context.Draft.Text.Substring(context.Text.FoldedToOriginal(s, i + h.Length - s).Start, context.Text.FoldedToOriginal(s, i + h.Length - s).Length)}」と、年齢・学校・住まい・病状などを組み合わせると個人が特定されます。本人の同意がない限り、名前か詳細を削ってください。",
                    "名前を伏せずに削除するか、「市内在住の方」などに言い換えてください。", kinds >= 2 ? Confidence.Strong : Confidence.Weak);
            }
        }
    }

    private static bool IsNameChar(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u30A1' and <= '\u30FA' or '々' or 'ー'
        || c is >= '\u3041' and <= '\u3096' and not ('の' or 'は' or 'が' or 'を' or 'に' or 'で' or 'と' or 'へ' or 'も' or 'や' or 'か' or 'ね' or 'よ');

    /// <summary>A town right before the name: 神田須田町の田中さん.</summary>
    private static bool PlaceBefore(string t, int nameStart)
    {
        var b = t[Math.Max(0, nameStart - 3)..nameStart];
        return b.EndsWith("町の", StringComparison.Ordinal) || b.EndsWith("丁目の", StringComparison.Ordinal) || b.EndsWith("地区の", StringComparison.Ordinal)
               || b.EndsWith("在住の", StringComparison.Ordinal) || b.EndsWith("村の", StringComparison.Ordinal);
    }

    private static bool HasDigitBefore(string sentence, string[] marks)
    {
        foreach (var m in marks)
        {
            for (var i = sentence.IndexOf(m, StringComparison.Ordinal); i >= 0; i = sentence.IndexOf(m, i + 1, StringComparison.Ordinal))
            {
                if (i > 0 && (char.IsAsciiDigit(sentence[i - 1]) || "一二三四五六七八九十".Contains(sentence[i - 1]))) return true;
            }
        }
        return false;
    }

    internal static (int Start, int End) Sentence(string t, int i)
    {
        var s = i;
        while (s > 0 && t[s - 1] is not ('。' or '!' or '?' or '\n' or '｡')) s--;
        var e = i;
        while (e < t.Length && t[e] is not ('。' or '!' or '?' or '\n' or '｡')) e++;
        return (s, e);
    }

    internal static bool ContainsAny(string text, string[] words)
    {
        foreach (var w in words) if (text.Contains(w, StringComparison.Ordinal)) return true;
        return false;
    }
}
