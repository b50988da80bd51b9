namespace Koho.Checks.Text;

public static class Utf16
{
    /// <summary>
    /// The text with every lone surrogate replaced by U+FFFD. Drafts may contain them (a broken paste); Unicode
    /// normalisation and JSON writing refuse them.
    /// </summary>
    public static string Scrub(string s)
    {
        var i = FirstLoneSurrogate(s);
        if (i < 0) return s;
        var chars = s.ToCharArray();
        for (; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    private static int FirstLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i])) continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            return i;
        }
        return -1;
    }
}
