using System.Text;

namespace Koho.Watch;

/// <summary>
/// Finds なりすまし候補: accounts seen on the platforms whose handle or display name can be mistaken for one of the
/// municipality's registered accounts, or that carry the municipality's name without being registered.
/// <para>
/// Everything that depends only on the register (handle forms, cores, display-name keys, indexes by skeleton and
/// length) is computed once in the constructor; <see cref="Assess"/> is then a few dictionary look-ups plus a banded
/// edit distance against the registered handles of about the same length, so thousands of observed accounts
/// against hundreds of registered ones take well under a second. Immutable: one instance serves every thread.
/// </para>
/// <para>Scores (before the +0.05 for also sharing the resembled account's display name; other platform × 0.65):</para>
/// <list type="table">
/// <item>0.95 Lookalike: same skeleton, different characters (0→o, rn→m, Cyrillic а …)</item>
/// <item>0.90 Lookalike: only separators differ, or the same name on another Mastodon server</item>
/// <item>0.85 AddedAffix: official words or a number added (musashino_city_official, musashino_city2)</item>
/// <item>0.75 AddedAffix: official words removed or swapped (musashino, musashino_jp for musashino_city)</item>
/// <item>0.75 / 0.60 Lookalike: skeleton one / two edits away (two only for skeletons of 10 or more letters)</item>
/// <item>0.80 / 0.75 SameDisplayName: same display name / the same once 【公式】, emoji, brackets are dropped (the
/// display name is what readers see first, and on another platform it still beats the name alone)</item>
/// <item>0.50 / 0.30 MunicipalityName: the name with / without an official-sounding word (公式, city, koho …)</item>
/// </list>
/// <para>Decisions about false positives:</para>
/// <list type="bullet">
/// <item>Short handles: a registered skeleton under 5 letters matches only exactly, and an affix match needs a core
/// of at least 4 letters (a registered "ota" does not make ota_city an added affix). A romaji municipality name under 5 letters
/// (tsu, ota) counts only as a whole word or with shi/ku/city/… (tsu_city, not tsubasa); a Japanese name of two
/// characters not as the tail of a longer one (津市 is not in 大津市).</item>
/// <item>A prefix of the name is not the name: musashi (武蔵: a province, a samurai, stations, shops, 武蔵村山市)
/// is not musashino. musashi_city is still a weak look-alike of musashino_city (two letters dropped from twelve).</item>
/// <item>A display name that says where someone lives (武蔵野市在住, 武蔵野市民, 出身) is not a claim to be the city.</item>
/// <item>A Bluesky handle under ….lg.jp / ….go.jp is verified by a domain only governments can hold: never a candidate.</item>
/// </list>
/// </summary>
public sealed class LookalikeDetector
{
    internal const double SkeletonScore = 0.95;
    internal const double SeparatorOrServerScore = 0.90;
    internal const double AffixAddedScore = 0.85;
    internal const double AffixChangedScore = 0.75;
    internal const double OneEditScore = 0.75;
    internal const double TwoEditsScore = 0.60;
    internal const double DisplayNameScore = 0.80;
    internal const double DecoratedDisplayNameScore = 0.75;
    internal const double NameWithMarkerScore = 0.50;
    internal const double NameScore = 0.30;
    internal const double OtherPlatformFactor = 0.65;
    internal const double SharedDisplayNameBonus = 0.05;

    /// <summary>
    /// How many edits a skeleton of this length may be away and still count as a look-alike: shorter than 5
    /// letters none (only an exact skeleton match: short handles are too close to each other by chance), 5–9 one,
    /// 10 or more two.
    /// </summary>
    internal static int AllowedEdits(int skeletonLength) => skeletonLength < 5 ? 0 : skeletonLength < 10 ? 1 : 2;

    private sealed class Entry(RegisteredAccount account, int index)
    {
        public RegisteredAccount Account { get; } = account;
        public int Index { get; } = index;
        public ParsedHandle Handle { get; } = Handles.Parse(account.Platform, account.Handle);
        public DisplayForms Display { get; } = DisplayForms.Of(account.DisplayName);
        public string ShownDisplayName { get; } = (account.DisplayName ?? "").Trim();
    }

    // The explanation is built only for the match that wins: an observed account can match dozens of entries.
    private sealed record Match(CandidateReason Reason, Entry? Entry, double Score, bool SamePlatform, Func<string> Explain);

    private sealed record RomajiName(string Shown, string Skeleton, bool IsShort);

    private sealed record JapaneseName(string Shown, string Key);

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, List<Entry>> _byIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _bySkeleton = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<Entry>> _bySkeletonLength = [];
    private readonly Dictionary<string, List<(Entry Entry, Core Core)>> _byCore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _byDisplayKey = new(StringComparer.Ordinal);
    private readonly List<RomajiName> _romajiNames = [];
    private readonly List<JapaneseName> _japaneseNames = [];

    /// <param name="register">The municipality's official accounts. An entry whose handle is empty is compared by
    /// display name only.</param>
    /// <param name="municipalityNames">The municipality's names as they appear in handles and display names:
    /// romaji ("musashino") and Japanese ("武蔵野市"). Give the Japanese name as it identifies the municipality
    /// (武蔵野市 rather than 武蔵野, which is also a region, a university and a bank).</param>
    public LookalikeDetector(IEnumerable<RegisteredAccount> register, IEnumerable<string> municipalityNames)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(municipalityNames);
        foreach (var account in register)
        {
            if (account is null) continue;
            var e = new Entry(account, _entries.Count);
            _entries.Add(e);
            if (e.Display.Key.Length >= DisplayForms.MinimumKeyLength) Add(_byDisplayKey, e.Display.Key, e);
            if (e.Handle.IsEmpty) continue;
            Add(_byIdentity, IdentityKey(e.Handle), e);
            if (e.Handle.Skeleton.Length == 0) continue;
            Add(_bySkeleton, e.Handle.Skeleton, e);
            Add(_bySkeletonLength, e.Handle.Skeleton.Length, e);
            foreach (var core in Affixes.Cores(e.Handle.Compact)) Add(_byCore, core.Skeleton, (e, core));
        }
        foreach (var raw in municipalityNames)
        {
            var clean = Confusables.Clean(raw ?? "");
            if (clean.Length == 0) continue;
            if (clean.All(c => c < 0x80))
            {
                var skeleton = Confusables.Skeleton(Confusables.Compact(clean));
                // Two letters match inside too many words to mean anything.
                if (skeleton.Length >= 3) _romajiNames.Add(new RomajiName(clean.ToLowerInvariant(), skeleton, skeleton.Length < 5));
            }
            else
            {
                var key = DisplayForms.LettersOf(clean);
                if (key.Length > 0) _japaneseNames.Add(new JapaneseName(clean, key));
            }
        }
    }

    /// <summary>
    /// The normalised key of a handle on its platform, e.g. "musashino_city", "musashino@mstdn.jp",
    /// "musashino-city" (Bluesky, default domain dropped): equal keys on the same platform are the same account.
    /// </summary>
    public static string Key(string platform, string handle) => Handles.Parse(platform, handle).Key;

    /// <summary>
    /// The strongest reason the account could be mistaken for an official one, or null when it is one of the
    /// register's accounts (same platform and same normalised handle) or resembles nothing.
    /// </summary>
    public ImpersonationCandidate? Assess(ObservedAccount observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var h = Handles.Parse(observed.Platform, observed.Handle);
        if (!h.IsEmpty && (IsRegistered(h) || Handles.IsGovernmentDomainHandle(h))) return null;
        var display = DisplayForms.Of(observed.DisplayName);

        Match? best = null;
        void Offer(Match m)
        {
            if (best is null || Better(m, best)) best = m;
        }

        if (h.Skeleton.Length > 0)
        {
            SameSkeleton(h, Offer);
            AffixChanges(h, Offer);
            NearSkeleton(h, Offer);
        }
        SameDisplayName(h, display, observed.DisplayName, Offer);
        MunicipalityName(h, display, Offer);
        if (best is null) return null;

        var score = best.Score;
        var explanation = best.Explain();
        if (best.Entry is { } e && best.Reason is CandidateReason.Lookalike or CandidateReason.AddedAffix
            && display.Key.Length >= DisplayForms.MinimumKeyLength && display.Key == e.Display.Key)
        {
            score += SharedDisplayNameBonus;
            explanation += $"。表示名も「{e.ShownDisplayName}」で同じです";
        }
        return new ImpersonationCandidate(observed, best.Reason, best.Entry?.Account.Id, Math.Round(Math.Clamp(score, 0, 1), 4), explanation);
    }

    private bool IsRegistered(ParsedHandle h) =>
        _byIdentity.TryGetValue(IdentityKey(h), out var list) && list.Exists(e => e.Handle.SameAccountAs(h));

    private static string IdentityKey(ParsedHandle h) => h.Platform.ToLowerInvariant() + "\n" + h.Plain;

    private static int Rank(CandidateReason r) => r switch
    {
        CandidateReason.Lookalike => 0,
        CandidateReason.AddedAffix => 1,
        CandidateReason.SameDisplayName => 2,
        _ => 3,
    };

    // Highest score; on a tie the same platform, then the more specific reason, then the register's order.
    private static bool Better(Match a, Match b)
    {
        if (Math.Abs(a.Score - b.Score) > 1e-9) return a.Score > b.Score;
        if (a.SamePlatform != b.SamePlatform) return a.SamePlatform;
        if (Rank(a.Reason) != Rank(b.Reason)) return Rank(a.Reason) < Rank(b.Reason);
        return (a.Entry?.Index ?? int.MaxValue) < (b.Entry?.Index ?? int.MaxValue);
    }

    private static string Ref(Entry e, bool samePlatform)
    {
        var name = e.Handle.IsEmpty ? $"「{e.ShownDisplayName}」" : e.Handle.Display;
        if (samePlatform) return $"{name}（公式）";
        var platform = Handles.PlatformLabel(e.Handle.Platform);
        return platform.Length == 0 ? $"公式アカウント{name}" : $"{platform}の公式アカウント{name}";
    }

    private static string NotRegisteredHere(ParsedHandle h) => h.Platform.Length == 0
        ? "公式アカウントとして登録されていません"
        : $"{Handles.PlatformLabel(h.Platform)}では公式アカウントとして登録されていません";

    private void SameSkeleton(ParsedHandle h, Action<Match> offer)
    {
        if (!_bySkeleton.TryGetValue(h.Skeleton, out var list)) return;
        foreach (var e in list)
        {
            if (e.Handle.SameAccountAs(h)) continue;
            var same = e.Handle.SamePlatformAs(h);
            if (same)
            {
                if (h.Plain == e.Handle.Plain)
                    offer(new Match(CandidateReason.Lookalike, e, SeparatorOrServerScore, true,
                        () => $"{Ref(e, true)}と同じ名前を別のサーバー（{h.Domain}）で使っています"));
                else if (h.Bare == e.Handle.Bare)
                    offer(new Match(CandidateReason.Lookalike, e, SeparatorOrServerScore, true,
                        () => $"{Ref(e, true)}と区切り記号（_ - .）だけが違う名前です"));
                else
                    offer(new Match(CandidateReason.Lookalike, e, SkeletonScore, true,
                        () => $"{Ref(e, true)}と見分けにくい文字（{TextDiff.Describe(h.Bare, e.Handle.Bare)}）を使っています"));
            }
            else
            {
                var score = (h.Bare == e.Handle.Bare && h.Plain != e.Handle.Plain ? SeparatorOrServerScore : SkeletonScore) * OtherPlatformFactor;
                offer(new Match(CandidateReason.Lookalike, e, score, false, () =>
                {
                    var what = h.Plain == e.Handle.Plain ? "同じ名前"
                        : h.Bare == e.Handle.Bare ? "区切り記号だけが違う名前"
                        : $"見分けにくい文字（{TextDiff.Describe(h.Bare, e.Handle.Bare)}）を使った名前";
                    return $"{Ref(e, false)}と{what}ですが、{NotRegisteredHere(h)}";
                }));
            }
        }
    }

    private void AffixChanges(ParsedHandle h, Action<Match> offer)
    {
        foreach (var oc in Affixes.Cores(h.Compact))
        {
            if (!_byCore.TryGetValue(oc.Skeleton, out var list)) continue;
            foreach (var (e, ec) in list)
            {
                if (e.Handle.SameAccountAs(h)) continue;
                var extra = Affixes.Minus(oc.Keys, ec.Keys);
                var missing = Affixes.Minus(ec.Keys, oc.Keys);
                if (extra.Count == 0 && missing.Count == 0) continue; // same affixes: a look-alike, found above
                var same = e.Handle.SamePlatformAs(h);
                var added = missing.Count == 0;
                var score = (added ? AffixAddedScore : AffixChangedScore) * (same ? 1 : OtherPlatformFactor);
                offer(new Match(CandidateReason.AddedAffix, e, score, same, () =>
                {
                    var extraShown = Written(oc, extra);
                    var missingShown = Written(ec, missing);
                    var text = added ? $"{Ref(e, same)}に「{extraShown}」を付け足した名前です"
                        : extra.Count == 0 ? $"{Ref(e, same)}から「{missingShown}」を除いた名前です"
                        : $"{Ref(e, same)}の「{missingShown}」を「{extraShown}」に替えた名前です";
                    var coreDiff = TextDiff.Describe(oc.Compact, ec.Compact);
                    if (coreDiff.Length > 0) text += $"（見分けにくい文字（{coreDiff}）も使っています）";
                    else if (h.Compact != h.Bare && e.Handle.Compact == e.Handle.Bare) text += "（ほかの文字体系の見分けにくい文字も使っています）";
                    return same ? text : $"{text}。{NotRegisteredHere(h)}";
                }));
            }
        }
    }

    // The affixes of a core as written in the handle, in the handle's order, for the keys in `keys`.
    private static string Written(Core core, List<string> keys)
    {
        var wanted = keys.ToList();
        var shown = new List<(int Position, string Text)>();
        for (var i = 0; i < core.Keys.Count; i++)
        {
            var at = wanted.IndexOf(core.Keys[i]);
            if (at < 0) continue;
            wanted.RemoveAt(at);
            shown.Add((core.Positions[i], core.Written[i]));
        }
        return string.Join("」「", shown.OrderBy(p => p.Position).Select(p => p.Text));
    }

    private void NearSkeleton(ParsedHandle h, Action<Match> offer)
    {
        var length = h.Skeleton.Length;
        var own = AllowedEdits(length);
        if (own == 0) return;
        for (var l = length - own; l <= length + own; l++)
        {
            if (!_bySkeletonLength.TryGetValue(l, out var list)) continue;
            foreach (var e in list)
            {
                var max = Math.Min(own, AllowedEdits(l));
                if (max == 0 || Math.Abs(l - length) > max || e.Handle.SameAccountAs(h)) continue;
                var d = EditDistance.MasksRuleOut(h.SkeletonMask, e.Handle.SkeletonMask, max) ? max + 1 : EditDistance.Bounded(h.Skeleton, e.Handle.Skeleton, max);
                // The folded form can only lower the count (ctiy: two on the skeleton, one swap on the folded form).
                if (d > 1 && !EditDistance.MasksRuleOut(h.FoldedMask, e.Handle.FoldedMask, max))
                    d = Math.Min(d, EditDistance.Bounded(h.Folded, e.Handle.Folded, max));
                if (d == 0 || d > max) continue;
                var same = e.Handle.SamePlatformAs(h);
                var score = (d == 1 ? OneEditScore : TwoEditsScore) * (same ? 1 : OtherPlatformFactor);
                offer(new Match(CandidateReason.Lookalike, e, score, same, () =>
                {
                    var text = $"{Ref(e, same)}とよく似た名前です（違いは{TextDiff.Describe(h.Bare, e.Handle.Bare)}だけ）";
                    return same ? text : $"{text}。{NotRegisteredHere(h)}";
                }));
            }
        }
    }

    private void SameDisplayName(ParsedHandle h, DisplayForms display, string? shown, Action<Match> offer)
    {
        if (display.Key.Length < DisplayForms.MinimumKeyLength || !_byDisplayKey.TryGetValue(display.Key, out var list)) return;
        foreach (var e in list)
        {
            if (!h.IsEmpty && e.Handle.SameAccountAs(h)) continue;
            var same = e.Handle.SamePlatformAs(h);
            var exact = display.Loose == e.Display.Loose;
            var score = (exact ? DisplayNameScore : DecoratedDisplayNameScore) * (same ? 1 : OtherPlatformFactor);
            offer(new Match(CandidateReason.SameDisplayName, e, score, same, () =>
            {
                var text = exact
                    ? $"{Ref(e, same)}と同じ表示名「{e.ShownDisplayName}」を使っています"
                    : $"{Ref(e, same)}の表示名「{e.ShownDisplayName}」に飾りを付けただけの表示名「{(shown ?? "").Trim()}」を使っています";
                return same ? text : $"{text}。{NotRegisteredHere(h)}";
            }));
        }
    }

    // Words next to the municipality's name that make an account sound official.
    private static readonly string[] HandleMarkers =
        ["official", "offical", "koho", "kouhou", "kohou", "city", "shiyakusho", "yakusho", "gov", "govt", "info", "news", "bosai", "staff"];
    private static readonly (string Word, string Skeleton)[] HandleMarkerSkeletons =
        HandleMarkers.Select(m => (m, Confusables.SkeletonOf(m))).OrderByDescending(m => m.Item2.Length).ToArray();
    private static readonly string[] DisplayMarkers =
        ["公式", "役所", "役場", "広報", "お知らせ", "防災", "市長", "区長", "町長", "村長", "窓口", "行政", "official", "koho", "city"];

    // Words that say the account is a resident's, not the municipality's (武蔵野市在住, 武蔵野市民).
    private static readonly string[] ResidentMarkers =
        ["在住", "出身", "住み", "暮らし", "育ち", "生まれ", "在勤", "在学", "市民", "区民", "町民", "村民", "住民"];

    // A short romaji name (under 5 letters: ota, tsu, fuchu is 5) counts only as a whole word, or with one of these.
    private static readonly string[] ShortNameSuffixes =
        ["shi", "ku", "city", "cho", "machi", "mura", "son", "town", "village", "koho", "official"];
    private static readonly string[] ShortNameSuffixSkeletons = ShortNameSuffixes.Select(Confusables.SkeletonOf).ToArray();

    private void MunicipalityName(ParsedHandle h, DisplayForms display, Action<Match> offer)
    {
        if (_romajiNames.Count == 0 && _japaneseNames.Count == 0) return;
        var residentDisplay = ResidentMarkers.Any(display.Letters.Contains);
        var displaySkeleton = residentDisplay || display.Clean.Length == 0 ? "" : Confusables.Skeleton(Confusables.Compact(display.Clean));
        foreach (var name in _romajiNames)
        {
            if (h.Skeleton.Length > 0 && ContainsRomaji(h.Local, h.Skeleton, name))
            {
                var remainder = RemoveFirst(h.Skeleton, name.Skeleton);
                var marker = HandleMarkerSkeletons.FirstOrDefault(m => remainder.StartsWith(m.Skeleton, StringComparison.Ordinal)
                    || remainder.EndsWith(m.Skeleton, StringComparison.Ordinal)).Word;
                offer(NameMatch("ユーザー名", name.Shown, marker, h));
            }
            if (displaySkeleton.Length > 0 && ContainsRomaji(display.Spaced, displaySkeleton, name))
                offer(NameMatch("表示名", name.Shown, DisplayMarkers.FirstOrDefault(display.Letters.Contains), h));
        }
        if (residentDisplay) return;
        foreach (var name in _japaneseNames)
        {
            if (ContainsJapanese(display.Letters, name.Key))
                offer(NameMatch("表示名", name.Shown, DisplayMarkers.FirstOrDefault(display.Letters.Contains), h));
        }
    }

    private static Match NameMatch(string where, string name, string? marker, ParsedHandle h)
    {
        return new Match(CandidateReason.MunicipalityName, null, marker is null ? NameScore : NameWithMarkerScore, true, () => marker is null
            ? $"{where}に「{name}」が入っていますが、{NotRegisteredHere(h)}"
            : $"{where}に「{name}」と「{marker}」が入っていますが、{NotRegisteredHere(h)}");
    }

    private static bool ContainsRomaji(string text, string skeleton, RomajiName name)
    {
        if (!name.IsShort) return skeleton.Contains(name.Skeleton, StringComparison.Ordinal);
        // Whole words only: split on separators, spaces, digits and script changes.
        foreach (var word in Words(text))
        {
            var w = Confusables.Skeleton(Confusables.Compact(word));
            if (w == name.Skeleton) return true;
            foreach (var suffix in ShortNameSuffixSkeletons)
                if (w.Length == name.Skeleton.Length + suffix.Length && w.StartsWith(name.Skeleton, StringComparison.Ordinal)
                    && w.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static IEnumerable<string> Words(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c) && (c < 0x80 || Confusables.FoldScript(c) < 0x80)) { sb.Append(c); continue; }
            if (sb.Length > 0) { yield return sb.ToString(); sb.Clear(); }
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    private static bool ContainsJapanese(string letters, string name)
    {
        for (var at = letters.IndexOf(name, StringComparison.Ordinal); at >= 0; at = letters.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            // A name of two characters (津市) must not be the tail of a longer one (大津市); a prefecture before it is fine.
            if (name.Length <= 2 && at > 0 && IsIdeograph(letters[at - 1]) && letters[at - 1] is not ('都' or '道' or '府' or '県')) continue;
            return true;
        }
        return false;
    }

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or '々';

    private static string RemoveFirst(string text, string part)
    {
        var at = text.IndexOf(part, StringComparison.Ordinal);
        return at < 0 ? text : text.Remove(at, part.Length);
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }
}
