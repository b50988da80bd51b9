using Koho.Checks;
using Koho.Checks.Packs;

namespace Koho.Packs;

public static class CheckerPackConversion
{
    /// <summary>What the checker needs of a pack: severities, clauses to cite, lexicon, domains, hours.</summary>
    public static CheckerPack ToCheckerPack(this GuidelinePack pack) => new()
    {
        Id = pack.Id,
        Municipality = pack.Municipality,
        LocalGovernmentCode = pack.LocalGovernmentCode,
        Title = pack.Title,
        Version = pack.Version,
        Date = pack.Date,
        Source = pack.Source,
        OwnDomains = [.. pack.Content.OwnDomains],
        TrustedDomains = [.. pack.Content.TrustedDomains],
        WorkingHours = new WorkingHours { Start = pack.Hours.Start, End = pack.Hours.End },
        OutOfHoursCategories = [.. pack.Hours.OutOfHoursCategories],
        ClosedDays = [.. pack.Hours.ClosedDays],
        YearEndClosure = pack.Hours.YearEndClosure,
        // A rule the guideline is silent on cites Koho's stated default, so that every finding says what it rests on.
        Clauses = pack.Clauses.Select(c => new Clause { Id = c.Id, Heading = c.Heading, Text = c.Text })
            .Concat(pack.Content.Rules.Where(r => r.Default is not null)
                .Select(r => new Clause { Id = DefaultClauseId(r.Category), Heading = "ガイドラインに定めなし（Koho の既定）", Text = r.Default! }))
            .ToList(),
        Rules = pack.Content.Rules.Select(r => new CategoryRule
        {
            Category = r.Category,
            Official = ParseSeverity(r.Official),
            Private = ParseSeverity(r.Private),
            Clauses = r.Default is null ? [.. r.Clauses] : [.. r.Clauses, DefaultClauseId(r.Category)],
            Note = r.Note,
        }).ToList(),
        Lexicon = pack.Content.Lexicon.Select(l => new LexiconEntry
        {
            Term = l.Term, Category = l.Category, Suggestion = l.Suggestion, Note = l.Note, Weak = l.Weak,
        }).ToList(),
        StatisticalHints = pack.Content.StatisticalHints,
        Disclaimer = pack.PrivateUse.Disclaimer.Example,
        PrivateUse = new PrivateUseHours
        {
            NoPostingDuringWork = pack.PrivateUse.NoPostingDuringWork,
            IncludesOvertime = pack.PrivateUse.IncludesOvertime,
            IncludesBusinessTrips = pack.PrivateUse.IncludesBusinessTrips,
        },
        Notes = pack.Notes,
    };

    /// <summary>The citation of Koho's default for a category (「既定」 in findings, where a clause number would be).</summary>
    public static string DefaultClauseId(string category) => $"既定（{category}）";

    public static Severity ParseSeverity(string s) => s switch
    {
        "block" => Severity.Block,
        "warn" => Severity.Warn,
        "info" => Severity.Info,
        "off" => Severity.Off,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "block / warn / info / off"),
    };
}
