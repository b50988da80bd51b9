using Koho.Checks.Text;

namespace Koho.Checks.Rules;

/// <summary>Links: URL shorteners, plain http, and domains the pack does not trust.</summary>
internal sealed class LinkRule : IRule
{
    public static readonly HashSet<string> Shorteners = new(StringComparer.OrdinalIgnoreCase)
    {
        "bit.ly", "bitly.com", "t.co", "tinyurl.com", "is.gd", "v.gd", "ow.ly", "buff.ly", "goo.gl", "amzn.to", "amzn.asia",
        "t.ly", "x.gd", "rb.gy", "cutt.ly", "shorturl.at", "tiny.cc", "lnkd.in", "dlvr.it", "ift.tt", "bl.ink", "s.id",
        "soo.gd", "urx.nu", "urx2.nu", "urx3.nu", "onl.la", "onl.bz", "qr.paps.jp", "tr.ee", "linktr.ee", "rebrand.ly",
        "tinyurl.jp", "j.mp", "po.st", "shorte.st", "adf.ly", "bit.do", "mcaf.ee", "db.tt", "youtu.be", "forms.gle", "goo.su",
        "kutt.it", "00m.in", "qrco.de", "lin.ee", "00.gs",
    };

    // Shorteners that the platforms themselves issue and are commonly trusted get a warning only.
    private static readonly HashSet<string> PlatformShorteners = new(StringComparer.OrdinalIgnoreCase) { "youtu.be", "forms.gle", "lin.ee" };

    /// <summary>A known shortener, or a subdomain of one (maps.app.goo.gl).</summary>
    public static bool IsShortener(string host)
    {
        if (Shorteners.Contains(host)) return true;
        foreach (var s in Shorteners) if (host.EndsWith("." + s, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public void Apply(CheckContext context)
    {
        var t = context.Text.Folded;
        foreach (var url in context.Urls)
        {
            var found = context.Draft.Text.Substring(context.Text.FoldedToOriginal(url.Start, url.Length).Start, context.Text.FoldedToOriginal(url.Start, url.Length).Length);
            if (IsShortener(url.Host))
            {
                context.ReportFolded(Categories.UrlShortener, "link.shortener", url.Start, url.Length,
                    $"短縮 URL（{url.Host}）です。{RuleSet.Advice(Categories.UrlShortener)}", "リンク先の正式な URL に置き換えてください。",
                    PlatformShorteners.Contains(url.Host) ? Confidence.Weak : Confidence.Strong);
            }
            if (url.HasScheme && !url.IsHttps)
            {
                context.ReportFolded(Categories.UntrustedLink, "link.http", url.Start, url.Length,
                    $"暗号化されていない http のリンクです（{found}）。改ざんや盗み見のおそれがあります。", "https:// のアドレスに置き換えてください。", Confidence.Strong);
                continue;
            }
            if (!IsShortener(url.Host) && !context.Pack.IsTrustedDomain(url.Host))
            {
                context.ReportFolded(Categories.UntrustedLink, "link.untrusted", url.Start, url.Length,
                    $"信頼済みドメインにない {url.Host} へのリンクです。{RuleSet.Advice(Categories.UntrustedLink)}", null, Confidence.Weak);
            }
        }
    }
}
