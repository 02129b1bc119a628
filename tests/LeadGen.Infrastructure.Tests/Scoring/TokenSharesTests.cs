using LeadGen.Application.Scoring;
using Shouldly;

namespace LeadGen.Infrastructure.Tests.Scoring;

public class TokenSharesTests
{
    [Theory]
    [InlineData(0L, new long[] { 5, 10 })]
    [InlineData(7L, new long[] { 1, 1, 1 })]
    [InlineData(1_000L, new long[] { 13, 27, 0, 41, 5 })]
    [InlineData(3L, new long[] { 100, 100, 100, 100, 100 })]
    public void Shares_always_add_up_to_the_bill(long total, long[] lengths)
    {
        var shares = TokenShares.Apportion(total, lengths);
        shares.Sum().ShouldBe(total);
        shares.ShouldAllBe(s => s >= 0);
    }

    [Fact]
    public void Longer_texts_carry_more_of_the_bill() =>
        TokenShares.Apportion(100, [10, 30]).ShouldBe([25L, 75L]);
}
