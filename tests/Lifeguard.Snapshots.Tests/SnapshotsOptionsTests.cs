using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Snapshots.Tests;

public sealed class SnapshotsOptionsTests
{
    [Fact]
    public void FromEnvironment_Defaults_KeepByAgeKeepOrphansThirtyDaysAndNeverDeleteShared()
    {
        var options = SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?>()));

        Assert.Empty(options.KeepPerTier);
        Assert.Equal(TimeSpan.FromDays(30), options.OrphanRetention);
        Assert.False(options.DeleteShared);
    }

    [Fact]
    public void FromEnvironment_KeepCounts_AreReadPerTier()
    {
        var options = SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?>
        {
            ["LIFEGUARD_KEEP"] = "daily=7, monthly=12", ["LIFEGUARD_DELETE_SHARED"] = "true", ["LIFEGUARD_ORPHAN_RETENTION_DAYS"] = "0",
            ["LIFEGUARD_RETENTION"] = "3-hourly=24 hours;daily=7 days",
        }));

        Assert.Equal(new Dictionary<string, int> { ["daily"] = 7, ["monthly"] = 12 }, options.KeepPerTier);
        Assert.True(options.DeleteShared);
        Assert.Equal(TimeSpan.Zero, options.OrphanRetention);
        Assert.Equal(Lifeguard.Snapshots.Domain.Retention.Parse("7 days"), options.RetentionPerTier["daily"]);
        Assert.Equal(2, options.RetentionPerTier.Count);
    }

    [Fact]
    public void FromEnvironment_TierIntervals_AreReadInConfigurationOrder()
    {
        var options = SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?>
        {
            ["LIFEGUARD_TIER_INTERVALS"] = "3-hourly=PT3H;daily=P1D;weekly=P7D;monthly=P31D",
        }));

        Assert.Equal(["3-hourly", "daily", "weekly", "monthly"], options.TierIntervals.Keys);
        Assert.Equal(TimeSpan.FromDays(31), options.TierIntervals["monthly"]);
    }

    [Theory]
    [InlineData("LIFEGUARD_KEEP", "daily=0")]
    [InlineData("LIFEGUARD_KEEP", "daily")]
    [InlineData("LIFEGUARD_KEEP", "daily=7,daily=8")]
    [InlineData("LIFEGUARD_DELETE_SHARED", "yes")]
    [InlineData("LIFEGUARD_RETENTION", "daily=a week")]
    [InlineData("LIFEGUARD_RETENTION", "daily=7 days;daily=8 days")]
    [InlineData("LIFEGUARD_TIER_INTERVALS", "daily=1 day")]
    [InlineData("LIFEGUARD_TIER_INTERVALS", "monthly=P1M")]
    [InlineData("LIFEGUARD_TIER_INTERVALS", "daily=P1D;daily=PT3H")]
    public void FromEnvironment_BadValue_NamesTheVariable(string variable, string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?> { [variable] = value })));

        Assert.Contains($"{variable}='{value}'", ex.Message, StringComparison.Ordinal);
    }
}
