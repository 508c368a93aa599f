using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("24 hours", "2026-11-22T12:00:00Z")]
    [InlineData("7 days", "2026-11-28T12:00:00Z")]
    [InlineData("1 week", "2026-11-28T12:00:00Z")]
    [InlineData("1 month", "2026-12-21T12:00:00Z")]
    [InlineData("1 year", "2027-11-21T12:00:00Z")]
    [InlineData("2 days", "2026-11-23T12:00:00Z")]
    [InlineData("1 month, 2 days and 3 hours", "2026-12-23T15:00:00Z")]
    [InlineData("  7 Days ", "2026-11-28T12:00:00Z")]
    [InlineData("90 minutes", "2026-11-21T13:30:00Z")]
    [InlineData("P7D", "2026-11-28T12:00:00Z")]
    [InlineData("PT24H", "2026-11-22T12:00:00Z")]
    [InlineData("P1M", "2026-12-21T12:00:00Z")]
    [InlineData("P1Y", "2027-11-21T12:00:00Z")]
    [InlineData("P2W", "2026-12-05T12:00:00Z")]
    [InlineData("P1Y2M3DT4H5M", "2028-01-24T16:05:00Z")]
    public void AddTo_NoonOnTheTwentyFirst_GivesTheCalendarTime(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Retention.Parse(text).AddTo(Noon));
    }

    [Theory]
    [InlineData("2026-01-31T00:00:00Z", "1 month", "2026-02-28T00:00:00Z")]
    [InlineData("2028-01-31T00:00:00Z", "1 month", "2028-02-29T00:00:00Z")]
    [InlineData("2028-02-29T03:00:00Z", "1 year", "2029-02-28T03:00:00Z")]
    [InlineData("2026-03-31T00:00:00Z", "P1M", "2026-04-30T00:00:00Z")]
    [InlineData("2026-12-31T21:00:00Z", "24 hours", "2027-01-01T21:00:00Z")]
    [InlineData("2026-03-28T23:00:00Z", "1 day", "2026-03-29T23:00:00Z")]
    public void AddTo_MonthEndsLeapYearsAndDstWeekends_StaysInUtcCalendarArithmetic(string start, string retention, string expected)
    {
        var from = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Retention.Parse(retention).AddTo(from));
    }

    [Fact]
    public void AddTo_NonUtcStart_IsComputedInUtc()
    {
        var paris = new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.Zero, Retention.Parse("1 day").AddTo(paris).Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("seven days")]
    [InlineData("7")]
    [InlineData("days")]
    [InlineData("7 fortnights")]
    [InlineData("7 days extra")]
    [InlineData("-7 days")]
    [InlineData("0 days")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P0D")]
    [InlineData("P7")]
    [InlineData("P1.5D")]
    [InlineData("7d8")]
    [InlineData("200 years")]
    public void Parse_BadRetention_FailsNamingTheField(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Retention.Parse(text, "tiers[2].retention"));

        Assert.StartsWith("tiers[2].retention", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 month 2 days", "1 month 2 days")]
    [InlineData("P1W", "7 days")]
    [InlineData("24h", "24 hours")]
    public void ToString_Parsed_ReadsBack(string text, string expected) => Assert.Equal(expected, Retention.Parse(text).ToString());
}
