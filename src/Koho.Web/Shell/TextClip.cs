namespace Koho.Web.Shell;

/// <summary>Shortens text to fit a column or a message, marking the cut with "…".</summary>
public static class TextClip
{
    public static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
