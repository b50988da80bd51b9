using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>Over the platform's limit, counted the platform's own way.</summary>
internal sealed class LengthRule : IRule
{
    public void Apply(CheckContext context)
    {
        if (context.Draft.Platform is not { } platform) return;
        if (PostLength.Measure(platform, context.Draft.Text) is not { } m || m.Length <= m.Limit) return;
        context.Report(Categories.TooLong, "length", 0, 0,
            $"{platform} の上限 {m.Limit:N0} を {m.Length - m.Limit:N0} 超えています（{m.Length:N0} {m.Unit}）。{RuleSet.Advice(Categories.TooLong)}",
            null, Confidence.Strong);
    }
}
