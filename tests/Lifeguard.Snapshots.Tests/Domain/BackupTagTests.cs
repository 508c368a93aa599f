using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Tests.Domain;

public sealed class BackupTagTests
{
    private static readonly string[] Tiers = ["3-hourly", "daily", "weekly", "monthly"];

    [Theory]
    [InlineData("true", "3-hourly,daily,weekly,monthly", "")]
    [InlineData("TRUE", "3-hourly,daily,weekly,monthly", "")]
    [InlineData("Weekly, daily", "daily,weekly", "")]
    [InlineData("daily;monthly", "daily,monthly", "")]
    [InlineData("dialy", "", "dialy")]
    [InlineData("daily,wekly,wekly", "daily", "wekly")]
    [InlineData("manual", "", "manual")]
    public void Read_Value_GivesItsConfiguredTiersAndTheWordsNamingNone(string value, string tiers, string unknown)
    {
        var read = BackupTag.Read(value, Tiers);

        Assert.Equal(tiers, string.Join(',', read.Tiers));
        Assert.Equal(unknown, string.Join(',', read.Unknown));
        Assert.Equal(unknown.Length > 0, read.IsInvalid);
    }

    [Fact]
    public void Read_Empty_IsInvalid()
    {
        Assert.True(BackupTag.Read(" ", Tiers).IsInvalid);
    }

    [Fact]
    public void Read_False_IsAnOptOutNotATypo()
    {
        var read = BackupTag.Read("false", Tiers);

        Assert.True(read.OptedOut);
        Assert.False(read.IsInvalid);
        Assert.Empty(read.Tiers);
    }

    [Theory]
    [InlineData("PT3H", 3 * 60)]
    [InlineData("P1D", 24 * 60)]
    [InlineData("P31D", 31 * 24 * 60)]
    [InlineData("P1DT2H30M", (26 * 60) + 30)]
    [InlineData("PT1M", 1)]
    public void TierInterval_FormatAndParse_RoundTrip(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), TierInterval.Parse(text));
        Assert.Equal(text, TierInterval.Format(TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("3 hours")]
    [InlineData("PT0M")]
    public void TierInterval_Parse_RefusesWhatIsNotDaysHoursMinutes(string text)
    {
        Assert.Throws<FormatException>(() => TierInterval.Parse(text));
    }
}
