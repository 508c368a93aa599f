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
            ["LIFEGUARD_TIERS"] = """
                [{"name":"3-hourly","retention":"24 hours"},{"name":"daily","retention":"7 days","keep":7},
                 {"name":"monthly","retention":"1 year","keep":12,"lock":"compliance","copyTo":{"region":"us-west-2","retention":"3 months"}}]
                """,
            ["LIFEGUARD_DELETE_SHARED"] = "true", ["LIFEGUARD_ORPHAN_RETENTION_DAYS"] = "0",
        }));

        Assert.Equal(new Dictionary<string, int> { ["daily"] = 7, ["monthly"] = 12 }, options.KeepPerTier);
        Assert.True(options.DeleteShared);
        Assert.Equal(TimeSpan.Zero, options.OrphanRetention);
        Assert.Equal(Lifeguard.Snapshots.Domain.Retention.Parse("7 days"), options.RetentionPerTier["daily"]);
        Assert.Equal(3, options.RetentionPerTier.Count);
        Assert.Equal("us-west-2", options.Tiers["monthly"].CopyTo!.Region);
        Assert.Equal("compliance", options.Tiers["monthly"].Lock);
    }

    [Fact]
    public void FromEnvironment_TierIntervals_AreReadInConfigurationOrder()
    {
        var options = SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?>
        {
            ["LIFEGUARD_TIERS"] = """
                [{"name":"3-hourly","retention":"24 hours","interval":"PT3H"},{"name":"daily","retention":"7 days","interval":"P1D"},
                 {"name":"weekly","retention":"1 month","interval":"P7D"},{"name":"monthly","retention":"1 year","interval":"P31D"}]
                """,
        }));

        Assert.Equal(["3-hourly", "daily", "weekly", "monthly"], options.TierIntervals.Keys);
        Assert.Equal(TimeSpan.FromDays(31), options.TierIntervals["monthly"]);
    }

    [Theory]
    [InlineData("LIFEGUARD_DELETE_SHARED", "yes", "LIFEGUARD_DELETE_SHARED='yes'")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days","keep":0}]""", "LIFEGUARD_TIERS[0].keep")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"a week"}]""", "LIFEGUARD_TIERS[0].retention")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days"},{"name":"daily","retention":"8 days"}]""", "LIFEGUARD_TIERS[1].name")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days","lock":"forever"}]""", "LIFEGUARD_TIERS[0].lock")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days","copyTo":{"region":"us-west-2","retention":"soon"}}]""", "LIFEGUARD_TIERS[0].copyTo.retention")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily"}]""", "LIFEGUARD_TIERS is not a JSON array")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days","kep":7}]""", "LIFEGUARD_TIERS is not a JSON array")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"daily","retention":"7 days","interval":"1 day"}]""", "LIFEGUARD_TIERS[0].interval")]
    [InlineData("LIFEGUARD_TIERS", """[{"name":"monthly","retention":"1 year","interval":"P1M"}]""", "LIFEGUARD_TIERS[0].interval")]
    public void FromEnvironment_BadValue_NamesTheVariable(string variable, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SnapshotsOptions.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string?> { [variable] = value })));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
