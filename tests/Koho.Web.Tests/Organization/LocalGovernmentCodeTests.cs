using Koho.Packs;
using Koho.Web.Organization;

namespace Koho.Web.Tests.Organization;

public sealed class LocalGovernmentCodeTests
{
    [Theory]
    [InlineData("132039")] // 武蔵野市
    [InlineData("152226")] // 上越市
    [InlineData("105252")] // 大泉町
    [InlineData("132195")] // 狛江市
    [InlineData("131016")] // 千代田区
    [InlineData("130001")] // 東京都 (check digit from remainder 10)
    public void Accepts_real_codes(string code) => Assert.True(LocalGovernmentCode.IsValid(code));

    [Theory]
    [InlineData("132038")] // wrong check digit
    [InlineData("13203")]
    [InlineData("1320390")]
    [InlineData("13203a")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_malformed_codes(string? code) => Assert.False(LocalGovernmentCode.IsValid(code));

    [Fact]
    public void Full_width_digits_typed_by_officials_are_normalised() =>
        Assert.Equal("132039", LocalGovernmentCode.Normalize(" １３２０３９ "));
}
