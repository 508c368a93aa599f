using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using static Lifeguard.Promotion.Tests.Domain.Replicas;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class ReadinessTests
{
    private static readonly PromotionPolicyConfig Policy = new();
    private static readonly Topology Cluster = new(Master, [Node("db2"), Node("db3")], []);

    private static NodeState Healthy(string name) => Replica(Node(name), 500, io: "Yes") is var r
        ? r with { NetTimeoutSeconds = 4, Replication = r.Replication! with { ConnectRetry = 1, GtidMode = "Slave_Pos" } }
        : null!;

    private static ReadinessInput Input(params NodeState[] replicas) => new(Cluster, true, "answers", new NodeState(Master, MariaDb, false, true, true, null),
        [.. replicas.Select(r => (r.Node, (NodeState?)r, (string?)null))], new Dictionary<string, IReadOnlyList<string>>(), 60, ReadinessMemory.Empty, FailedAt);

    [Fact]
    public void Evaluate_HealthyCluster_HasNoProblemAndPicksOne()
    {
        var (problems, selection) = Readiness.Evaluate(Input(Healthy("db2"), Healthy("db3")), Policy, MasterAddresses);

        Assert.Empty(problems);
        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Evaluate_EachMisconfiguration_IsItsOwnProblemWithAStableKey()
    {
        var broken = Healthy("db3") with { ReadOnly = false, LogReplicaUpdates = false, NetTimeoutSeconds = 60 };
        broken = broken with { Replication = broken.Replication! with { ConnectRetry = 60, UsingGtid = false } };
        var currentPos = Healthy("db2") with { Replication = Healthy("db2").Replication! with { GtidMode = "Current_Pos" } };

        var (problems, _) = Readiness.Evaluate(Input(currentPos, broken) with { RecordTtl = 300 }, Policy, MasterAddresses);

        Assert.Equal(["record-ttl", "gtid:db2", "writable:db3", "binlog:db3", "gtid:db3", "net-timeout:db3", "connect-retry:db3"], problems.Select(p => p.Key));
        Assert.Contains("MASTER_USE_GTID = current_pos: use slave_pos", problems[1].Text, StringComparison.Ordinal);
        Assert.Contains("set 4 (heartbeats every 2 s)", problems.Single(p => p.Key == "net-timeout:db3").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReplicaNotReceiving_SaysSinceWhenFromTheMemory()
    {
        var stopped = Healthy("db2") with { Replication = Healthy("db2").Replication! with { IoState = "Connecting", LastIoErrno = 1045, LastIoError = "Access denied" } };
        var memory = ReadinessMemory.Empty.Observe([("db2", false)], FailedAt.AddMinutes(-30));

        var (problems, _) = Readiness.Evaluate(Input(stopped, Healthy("db3")) with { Memory = memory }, Policy, MasterAddresses);

        Assert.Equal("db2 is not replicating from the master since 2026-12-02 02:30:00Z (30 min) (IO Connecting, SQL Yes, IO error 1045: Access denied)", Assert.Single(problems).Text);
    }

    [Theory]
    [InlineData("GRANT ALL PRIVILEGES ON *.* TO `lifeguard`@`%` IDENTIFIED BY PASSWORD '*X' WITH GRANT OPTION", "")]
    [InlineData("GRANT SELECT, RELOAD, PROCESS, SUPER, REPLICATION SLAVE, REPLICATION CLIENT, CREATE USER, READ_ONLY ADMIN ON *.* TO `lifeguard`@`%` WITH GRANT OPTION", "")]
    [InlineData("GRANT SELECT, RELOAD, PROCESS, SUPER, REPLICATION SLAVE, REPLICATION CLIENT, CREATE USER ON *.* TO `lifeguard`@`%` WITH GRANT OPTION", "READ_ONLY ADMIN")]
    [InlineData("GRANT SELECT, PROCESS, SUPER, READ_ONLY ADMIN, REPLICATION SLAVE ON *.* TO `lifeguard`@`%` WITH GRANT OPTION", "CREATE USER")]
    [InlineData("GRANT SELECT ON *.* TO `lifeguard`@`%`", "CREATE USER, READ_ONLY ADMIN, REPLICATION SLAVE ADMIN, CONNECTION ADMIN, BINLOG ADMIN, SLAVE MONITOR, PROCESS, REPLICATION SLAVE, GRANT OPTION")]
    public void MissingPrivileges_ReadsTheGrants(string grant, string missing)
    {
        Assert.Equal(missing, string.Join(", ", Readiness.MissingPrivileges([grant], Dialect.MariaDb)));
    }

    [Fact]
    public void Memory_RoundTripsThroughTheTxtRecordAndKeepsTheFirstStop()
    {
        var first = ReadinessMemory.Empty.Observe([("db2", false), ("db3", true)], FailedAt) with { Problems = ["replication:db2"], Alerted = "unreachable-master" };
        var later = first.Observe([("db2", false), ("db3", true)], FailedAt.AddMinutes(5));

        var back = ReadinessMemory.Parse(later.ToValues());

        Assert.Equal(FailedAt, back.StoppedSince["db2"]);
        Assert.False(back.StoppedSince.ContainsKey("db3"));
        Assert.Equal(["replication:db2"], back.Problems);
        Assert.Equal("unreachable-master", back.Alerted);
        Assert.True(back.SameAs(later));
        // The time it was written is kept, and does not make the same content different.
        Assert.Equal(FailedAt, ReadinessMemory.Parse((later with { Written = FailedAt }).ToValues()).Written);
        Assert.True((later with { Written = FailedAt }).SameAs(later));
        Assert.Empty(ReadinessMemory.Parse(["\"v=spf1 -all\""]).StoppedSince);
        Assert.Empty(later.Observe([("db2", true)], FailedAt.AddMinutes(6)).StoppedSince);
        // A replica that could not be read this time keeps what was known about it.
        Assert.Equal(FailedAt, later.Observe([("db3", true)], FailedAt.AddMinutes(6)).StoppedSince["db2"]);
    }
}
