using Lifeguard.Promotion.Domain;
using static Lifeguard.Promotion.Tests.Domain.Replicas;

namespace Lifeguard.Promotion.Tests.Domain;

/// <summary>MySQL's errant transactions, without a MySQL server here: what GTID_SUBTRACT would answer.</summary>
public sealed class GtidSetTests
{
    private const string Master = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private const string Db2 = "4f22ab58-82db-22f2-af44-d91bb0530673";

    [Theory]
    [InlineData($"{Master}:1-100", $"{Master}:1-100", "")]
    [InlineData($"{Master}:1-100,{Db2}:1-2", $"{Master}:1-100", $"{Db2}:1-2")]
    [InlineData($"{Master}:1-100", $"{Master}:1-40:45-100", $"{Master}:41-44")]
    [InlineData($"{Master}:1-10:20", $"{Master}:1-5", $"{Master}:6-10|{Master}:20")]
    public void Missing_IsWhatGtidSubtractAnswers(string set, string other, string missing)
    {
        Assert.Equal(missing, string.Join("|", GtidSet.Parse(set).Missing([GtidSet.Parse(other)])));
    }

    [Fact]
    public void LocalTransactions_MySqlReplicaWithItsOwnWrites_IsErrantAndSaysWhich()
    {
        var state = Replica(Node("db2"), 500, version: MySql) with { ServerUuid = Db2, ExecutedGtids = $"{Master}:1-100,\n{Db2}:1-3" };
        state = state with { Replication = state.Replication! with { ReceivedGtids = $"{Master}:90-100" } };
        var other = Replica(Node("db3"), 500, version: MySql) with { ExecutedGtids = $"{Master}:1-100" };
        other = other with { Replication = other.Replication! with { ReceivedGtids = $"{Master}:95-100" } };

        Assert.Equal([$"{Db2}:1-3"], state.LocalTransactions([other]));
        // Transactions older than its relay log but known to the others are not errant.
        Assert.Empty((state with { ExecutedGtids = $"{Master}:1-100" }).LocalTransactions([other]));
    }

    [Theory]
    [InlineData("not-a-set")]
    [InlineData($"{Master}:5-1")]
    public void Parse_NotASet_SaysWhichPart(string text)
    {
        Assert.Throws<FormatException>(() => GtidSet.Parse(text));
    }
}
