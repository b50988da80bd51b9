namespace Koho.Packs;

/// <summary>
/// 全国地方公共団体コード (JIS X 0401/0402 + check digit). The sixth digit is a modulus-11 check digit over the
/// first five with weights 6,5,4,3,2: check = 11 − (sum mod 11), keeping only the last digit (10→0, 11→1).
/// </summary>
public static class LocalGovernmentCode
{
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 6) return false;
        foreach (var c in code) if (c is < '0' or > '9') return false;
        return code[5] - '0' == CheckDigit(code.AsSpan(0, 5));
    }

    public static int CheckDigit(ReadOnlySpan<char> firstFive)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++) sum += (firstFive[i] - '0') * (6 - i);
        return (11 - sum % 11) % 10;
    }

    /// <summary>Accepts full-width digits and surrounding blanks, as officials often type them.</summary>
    public static string Normalize(string? input) =>
        new((input ?? "").Trim().Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c).ToArray());
}
