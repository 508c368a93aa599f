using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class GtidPositionTests
{
    [Fact]
    public void Compare_DomainByDomain()
    {
        var replica = GtidPosition.Parse("0-1-50,1-3-7");
        var ahead = GtidPosition.Parse("0-1-80,1-3-7");

        Assert.True(ahead.Covers(replica));
        Assert.False(replica.Covers(ahead));
        Assert.Equal(30, replica.Behind(ahead));
        Assert.Equal(["0-1-80"], ahead.AheadOf(replica));
        Assert.Empty(replica.AheadOf(ahead));
    }

    [Fact]
    public void LocalWrites_OnAReplica_ShowAsItsBinlogAheadOfWhatReplicationApplied()
    {
        var state = Replicas.Replica(Replicas.Node("db2"), 500) with { ExecutedGtids = "0-2-51", ReplicatedGtids = "0-1-50" };

        Assert.Equal(["0-2-51"], state.LocalTransactions());
        Assert.Empty((state with { ExecutedGtids = "0-1-50" }).LocalTransactions());
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("a-b-c")]
    public void Parse_NotAPosition_SaysWhichPart(string text)
    {
        Assert.Contains($"'{text}'", Assert.Throws<FormatException>(() => GtidPosition.Parse(text)).Message, StringComparison.Ordinal);
    }
}
