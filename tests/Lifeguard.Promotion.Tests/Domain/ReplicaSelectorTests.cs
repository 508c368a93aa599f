using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using static Lifeguard.Promotion.Tests.Domain.Replicas;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class ReplicaSelectorTests
{
    private static readonly PromotionPolicyConfig Policy = new() { MaxLagSeconds = 30 };

    [Fact]
    public void Select_TheReplicaThatReceivedMost_Wins()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 900), Replica(Node("db3"), 1200)], Policy);

        Assert.Equal("db3", selection.Chosen?.Node.Name);
        Assert.All(selection.Verdicts, v => Assert.True(v.Eligible));
    }

    [Fact]
    public void Select_LaterBinlogFile_BeatsAHigherOffsetInAnEarlierOne()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 99_999, file: 9), Replica(Node("db3"), 4, file: 10)], Policy);

        Assert.Equal("db3", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_SameData_HigherPriorityWinsThenLessLeftToApplyThenOrder()
    {
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2")  , 500), Replica(Node("db3", priority: 5), 500, applied: 100)], Policy).Chosen?.Node.Name);
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500, applied: 100), Replica(Node("db3"), 500)], Policy).Chosen?.Node.Name);
        Assert.Equal("db2", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 500)], Policy).Chosen?.Node.Name);
    }

    public static TheoryData<NodeState, string> Ineligible => new()
    {
        { Replica(Node("db2"), 500, behind: 31), "31 s behind, over maxLagSeconds 30" },
        { Replica(Node("db2"), 500, io: "No"), "its IO thread is stopped" },
        { Replica(Node("db2"), 500, sql: false, sqlError: "Duplicate entry '7' for key 'PRIMARY'"), "its SQL thread stopped on an error: Duplicate entry '7'" },
        { Replica(Node("db2"), 500, sql: false), "its SQL thread is stopped" },
        { Replica(Node("db2"), 500, source: Node("db9")), "replicates from 10.0.0.9:3306, not from the master db1 (10.0.0.1:3306)" },
        { Replica(Node("db2", candidate: false), 500), "not a promotion candidate" },
        { new NodeState(Node("db2"), MariaDb, ReadOnly: true, true, true, null), "not replicating" },
        { Replica(Node("db2"), 500, applied: 400, behind: null) with { Replication = Replica(Node("db2"), 500, applied: 400).Replication! with { SecondsBehind = null, SqlDelay = 3600 } }, "a delayed replica (SQL_Delay 3600 s, over maxLagSeconds 30)" },
    };

    [Theory]
    [MemberData(nameof(Ineligible))]
    public void Select_OnlyAnIneligibleReplica_RefusesNamingWhy(NodeState replica, string reason)
    {
        var selection = ReplicaSelector.Select(Master, [replica], Policy);

        Assert.Null(selection.Chosen);
        Assert.Contains(reason, Assert.Single(selection.Verdicts).Reason, StringComparison.Ordinal);
        Assert.StartsWith("no replica can be promoted: db2: ", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_LagUnknownBecauseTheMasterIsGone_IsEligible()
    {
        // With the master gone and everything applied, the server reports Seconds_Behind_Master NULL.
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500, behind: null)], Policy);

        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_AnIneligibleReplicaReceivedMore_RefusesRatherThanLoseTransactions()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 800, applied: 100, behind: 300)], Policy);

        Assert.Null(selection.Chosen);
        Assert.StartsWith("db3 received more of the master's binary log (binlog.000003:800) than db2 (binlog.000003:500)", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_Forced_AcceptsTheLossAndTakesTheBestEligible()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 800, behind: 300)], Policy, force: true);

        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_RequestedReplica_IsTakenWhenEligibleAndRefusedWhenNotUnlessForced()
    {
        NodeState[] replicas = [Replica(Node("db2"), 500), Replica(Node("db3"), 500, behind: 100)];

        Assert.Equal("db2", ReplicaSelector.Select(Master, replicas, Policy, requested: "db2").Chosen?.Node.Name);
        Assert.StartsWith("replica 'db3' cannot be promoted: 100 s behind", ReplicaSelector.Select(Master, replicas, Policy, requested: "db3").Refusal, StringComparison.Ordinal);
        Assert.Equal("db3", ReplicaSelector.Select(Master, replicas, Policy, requested: "db3", force: true).Chosen?.Node.Name);
        Assert.StartsWith("replica 'db7' is not a reachable replica", ReplicaSelector.Select(Master, replicas, Policy, requested: "db7").Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_InterruptedRunsCandidate_NoLongerReplicatingAndWritable_IsResumed()
    {
        var promoted = new NodeState(Node("db3"), MariaDb, ReadOnly: false, true, true, null);

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), promoted], Policy, resumeCandidate: "db3");

        Assert.True(selection.Resumed);
        Assert.Equal("db3", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_AWritableReplicaReplicatingFromNobody_RefusesToMakeASecondMaster()
    {
        var loose = new NodeState(Node("db3"), MariaDb, ReadOnly: false, true, true, null);

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), loose], Policy);

        Assert.Null(selection.Chosen);
        Assert.StartsWith("db3 is writable and replicates from nobody", selection.Refusal, StringComparison.Ordinal);
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), loose], Policy, requested: "db3", force: true).Chosen?.Node.Name);
    }

    [Fact]
    public void Select_InterruptedRunsCandidateStillReadOnly_IsNotTakenForPromoted()
    {
        var stray = new NodeState(Node("db3"), MariaDb, ReadOnly: true, true, true, null);

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), stray], Policy, resumeCandidate: "db3");

        Assert.False(selection.Resumed);
        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }
}
