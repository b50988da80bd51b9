using Koho.Checks.Packs;
using Koho.Checks.Rules;
using Koho.Checks.Text;

namespace Koho.Checks;

/// <summary>
/// The pre-publication checker. <see cref="Compile"/> turns a pack into its compiled form once (lexicon
/// automata, severities, clause citations); <see cref="Check"/> is pure and thread-safe and may be called from
/// any number of threads with the same compiled pack.
/// </summary>
public static class Checker
{
    /// <summary>Longest text checked; longer drafts get one finding instead of a scan (no platform allows more).</summary>
    public const int MaxLength = 100_000;

    /// <summary>
    /// Compiles a pack. <paramref name="model"/> replaces the shipped statistical model (a retrained one);
    /// <paramref name="statisticalHints"/> false leaves the model out (to measure the exact rules alone).
    /// </summary>
    public static CompiledPack Compile(CheckerPack pack, IEnumerable<LexiconEntry>? extraLexicon = null,
        Statistical.SemanticModel? model = null, bool statisticalHints = true) =>
        new(pack, extraLexicon ?? [], statisticalHints && pack.StatisticalHints ? model ?? Statistical.SemanticModel.Default : null);

    public static CheckResult Check(Draft draft, CompiledPack pack)
    {
        var context = new CheckContext(draft, pack);
        if (draft.Text.Length > MaxLength)
        {
            context.Report(Categories.TooLong, "length.max", 0, 0,
                $"本文が長すぎます（{draft.Text.Length:N0} 文字）。{MaxLength:N0} 文字を超える投稿は確認できません。", null, Confidence.Strong);
            return context.Result();
        }
        try
        {
            foreach (var rule in pack.Rules) rule.Apply(context);
            return context.Result();
        }
        finally
        {
            context.Release();
        }
    }
}

/// <summary>How sure a detector is. A weak finding is reported at most as a warning, whatever the pack says.</summary>
public enum Confidence { Weak, Strong }

/// <summary>A pack ready for checking: built once, shared by all checks.</summary>
public sealed class CompiledPack
{
    public CheckerPack Pack { get; }
    internal IReadOnlyList<IRule> Rules { get; }
    internal Lexicon Lexicon { get; }
    internal Calendar.WorkingCalendar Calendar { get; }
    private readonly Dictionary<string, (Severity Official, Severity Private, ClauseRef[] Clauses)> _categories = new();

    /// <summary>The statistical model for hints, or null when they are off.</summary>
    public Statistical.SemanticModel? Model { get; }

    internal CompiledPack(CheckerPack pack, IEnumerable<LexiconEntry> extraLexicon, Statistical.SemanticModel? model)
    {
        Pack = pack;
        Model = model;
        var clauses = pack.Clauses.ToDictionary(c => c.Id, c => c);
        foreach (var rule in pack.Rules)
        {
            var refs = rule.Clauses.Select(id => clauses.TryGetValue(id, out var c)
                    ? new ClauseRef(pack.Id, c.Id, c.Text)
                    : new ClauseRef(pack.Id, id, ""))
                .ToArray();
            _categories[rule.Category] = (rule.Official, rule.Private, refs);
        }
        Lexicon = new Lexicon(pack.Lexicon.Concat(CommonLexicon.Entries).Concat(extraLexicon));
        Calendar = Checks.Calendar.WorkingCalendar.For(pack);
        Rules = RuleSet.All;
        _trusted = pack.OwnDomains.Concat(pack.TrustedDomains).Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Where(d => d.Length > 0).ToArray();
    }

    /// <summary>The municipality's own domains, any *.lg.jp and *.go.jp, and the pack's listed partners (subdomains included).</summary>
    public bool IsTrustedDomain(string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        if (host.EndsWith(".lg.jp", StringComparison.Ordinal) || host.EndsWith(".go.jp", StringComparison.Ordinal)) return true;
        foreach (var d in _trusted)
        {
            if (host == d || host.EndsWith("." + d, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Disaster information may always go out; other categories where the pack says so.</summary>
    public bool AllowsOutOfHours(PostCategory category) =>
        category == PostCategory.Disaster || Pack.OutOfHoursCategories.Contains(category.ToString().ToLowerInvariant());

    private readonly string[] _trusted;

    public Severity SeverityOf(string category, PostMode mode) =>
        _categories.TryGetValue(category, out var c) ? (mode == PostMode.Official ? c.Official : c.Private) : DefaultSeverity(category, mode);

    public IReadOnlyList<ClauseRef> ClausesOf(string category) =>
        _categories.TryGetValue(category, out var c) ? c.Clauses : [];

    /// <summary>For a pack that does not mention a category: hours rules by mode, everything else a warning.</summary>
    private static Severity DefaultSeverity(string category, PostMode mode) => category switch
    {
        Categories.OutsideHours => mode == PostMode.Official ? Severity.Warn : Severity.Off,
        Categories.DuringWorkHours => mode == PostMode.Private ? Severity.Warn : Severity.Off,
        _ => Severity.Warn,
    };
}

/// <summary>The state of one check: the draft, its normalised text, and the findings so far.</summary>
internal sealed class CheckContext(Draft draft, CompiledPack pack)
{
    private readonly List<Finding> _findings = [];
    private NormalizedText? _text;
    private List<FoundUrl>? _urls;
    private List<AhoCorasick<LexiconEntry>.Match>? _lexiconMatches;

    public Draft Draft { get; } = draft;
    public CompiledPack Pack { get; } = pack;
    public NormalizedText Text => _text ??= NormalizedText.Create(Draft.Text, pooled: true);

    /// <summary>After the check: the normalised text's rented buffers go back to the pool.</summary>
    public void Release() => _text?.Release();

    /// <summary>Links in the folded text (found once, used by the link and security rules).</summary>
    public List<FoundUrl> Urls => _urls ??= UrlScanner.Find(Text.Folded);

    /// <summary>Lexicon occurrences in the lexical view (computed once, shared by the rules).</summary>
    public List<AhoCorasick<LexiconEntry>.Match> LexiconMatches => _lexiconMatches ??= Pack.Lexicon.Find(Text.Lexical);

    public void Report(string category, string rule, int start, int length, string message, string? suggestion, Confidence confidence)
    {
        var severity = Pack.SeverityOf(category, Draft.Mode);
        if (severity == Severity.Off) return;
        if (confidence == Confidence.Weak && severity > Severity.Warn) severity = Severity.Warn;
        // One finding per category and place: several detectors (or overlapping triggers) may see the same thing;
        // the stronger finding stays.
        for (var i = 0; i < _findings.Count; i++)
        {
            var f = _findings[i];
            if (f.Category != category) continue;
            var overlaps = length == 0 || f.Length == 0 ? f.Start == start && f.Length == length : start < f.Start + f.Length && f.Start < start + length;
            if (!overlaps) continue;
            if (severity > f.Severity || severity == f.Severity && length > f.Length)
                _findings[i] = new Finding(rule, category, severity, start, length, message, suggestion, Pack.ClausesOf(category));
            return;
        }
        _findings.Add(new Finding(rule, category, severity, start, length, message, suggestion, Pack.ClausesOf(category)));
    }

    public bool HasFinding(string category)
    {
        foreach (var f in _findings) if (f.Category == category) return true;
        return false;
    }

    public void ReportLexical(string category, string rule, int lexStart, int lexLength, string message, string? suggestion, Confidence confidence)
    {
        var (s, l) = Text.LexicalToOriginal(lexStart, lexLength);
        Report(category, rule, s, l, message, suggestion, confidence);
    }

    public void ReportFolded(string category, string rule, int foldedStart, int foldedLength, string message, string? suggestion, Confidence confidence)
    {
        var (s, l) = Text.FoldedToOriginal(foldedStart, foldedLength);
        Report(category, rule, s, l, message, suggestion, confidence);
    }

    public CheckResult Result()
    {
        if (_findings.Count > 1)
        {
            _findings.Sort(static (a, b) =>
                a.Start != b.Start ? a.Start.CompareTo(b.Start)
                : a.Severity != b.Severity ? b.Severity.CompareTo(a.Severity)
                : string.CompareOrdinal(a.Category, b.Category));
        }
        return new CheckResult(_findings);
    }
}
