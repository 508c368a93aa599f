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
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 900), Replica(Node("db3"), 1200)], Policy, Context());

        Assert.Equal("db3", selection.Chosen?.Node.Name);
        Assert.All(selection.Verdicts, v => Assert.True(v.Eligible));
    }

    [Fact]
    public void Select_LaterBinlogFile_BeatsAHigherOffsetInAnEarlierOne()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 99_999, file: 9), Replica(Node("db3"), 4, file: 10)], Policy, Context());

        Assert.Equal("db3", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_SameData_HigherPriorityWinsThenLessLeftToApplyThenOrder()
    {
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2")  , 500), Replica(Node("db3", priority: 5), 500, applied: 100)], Policy, Context()).Chosen?.Node.Name);
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500, applied: 100), Replica(Node("db3"), 500)], Policy, Context()).Chosen?.Node.Name);
        Assert.Equal("db2", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 500)], Policy, Context()).Chosen?.Node.Name);
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
        var selection = ReplicaSelector.Select(Master, [replica], Policy, Context());

        Assert.Null(selection.Chosen);
        Assert.Contains(reason, Assert.Single(selection.Verdicts).Reason, StringComparison.Ordinal);
        Assert.StartsWith("no replica can be promoted: db2: ", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_LagUnknownBecauseTheMasterIsGone_IsEligible()
    {
        // With the master gone and everything applied, the server reports Seconds_Behind_Master NULL.
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500, behind: null)], Policy, Context());

        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_AnIneligibleReplicaReceivedMore_RefusesRatherThanLoseTransactions()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 800, applied: 100, behind: 300)], Policy, Context());

        Assert.Null(selection.Chosen);
        Assert.StartsWith("db3 received more of the master's binary log (binlog.000003:800) than db2 (binlog.000003:500)", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_MasterAliveAndAnotherReplicaReadAMomentLater_TakesTheOneAskedFor()
    {
        // A switchover: the master still has every transaction, and the candidate applies them all before taking writes.
        var replicas = new[] { Replica(Node("db2"), 800), Replica(Node("db3"), 500) };

        var selection = ReplicaSelector.Select(Master, replicas, Policy, Context(requested: "db3") with { MasterAlive = true });

        Assert.Equal("db3", selection.Chosen?.Node.Name);
        Assert.Null(ReplicaSelector.Select(Master, replicas, Policy, Context(requested: "db3")).Chosen);
    }

    [Fact]
    public void Select_MasterAliveAndNoReplicaAskedFor_TakesTheConfiguredOneNotTheOneReadLater()
    {
        // A switchover under writes: db3 was read a moment after db2 and so shows more received; that is no reason to
        // take it. The CI failure of Switchover_WithWritesRunning_LosesNoWriteAndTheOldMasterReplicatesFromTheNewOne.
        var replicas = new[] { Replica(Node("db2"), 500), Replica(Node("db3"), 800) };

        Assert.Equal("db2", ReplicaSelector.Select(Master, replicas, Policy, Context() with { MasterAlive = true }).Chosen?.Node.Name);
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3", priority: 1), 400)], Policy, Context() with { MasterAlive = true }).Chosen?.Node.Name);
        Assert.Equal("db3", ReplicaSelector.Select(Master, replicas, Policy, Context()).Chosen?.Node.Name); // a failover takes the one that received most
    }

    [Fact]
    public void Select_Forced_AcceptsTheLossAndTakesTheBestEligible()
    {
        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), Replica(Node("db3"), 800, behind: 300)], Policy, Context(force: Guards.ReplicaAhead));

        Assert.Equal("db2", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_RequestedReplica_IsTakenWhenEligibleAndRefusedWhenNotUnlessForced()
    {
        NodeState[] replicas = [Replica(Node("db2"), 500), Replica(Node("db3"), 500, behind: 100)];

        Assert.Equal("db2", ReplicaSelector.Select(Master, replicas, Policy, Context("db2")).Chosen?.Node.Name);
        Assert.StartsWith("replica 'db3' cannot be promoted: 100 s behind", ReplicaSelector.Select(Master, replicas, Policy, Context("db3")).Refusal, StringComparison.Ordinal);
        Assert.Equal("db3", ReplicaSelector.Select(Master, replicas, Policy, Context("db3", force: Guards.Lag)).Chosen?.Node.Name);
        Assert.StartsWith("replica 'db7' is not a reachable replica", ReplicaSelector.Select(Master, replicas, Policy, Context("db7")).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_InterruptedRunsCandidate_NoLongerReplicatingAndWritable_IsResumed()
    {
        var promoted = new NodeState(Node("db3"), MariaDb, ReadOnly: false, true, true, null) { ExecutedGtids = "0-1-500" };

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), promoted], Policy, Context(resume: "db3"));

        Assert.True(selection.Resumed);
        Assert.Equal("db3", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_AWritableReplicaReplicatingFromNobody_RefusesToMakeASecondMaster()
    {
        var loose = new NodeState(Node("db3"), MariaDb, ReadOnly: false, true, true, null);

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), loose], Policy, Context());

        Assert.Null(selection.Chosen);
        Assert.StartsWith("db3 is writable and replicates from nobody", selection.Refusal, StringComparison.Ordinal);
        Assert.Equal("db3", ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), loose], Policy, Context("db3", force: Guards.SecondWritable)).Chosen?.Node.Name);
    }

    [Fact]
    public void Select_InterruptedRunsCandidateHalfPromoted_ReplicationResetButStillReadOnly_IsFinished()
    {
        // The run died between RESET SLAVE ALL and read_only = OFF: promoting another would lose what it has.
        var half = new NodeState(Node("db3"), MariaDb, ReadOnly: true, true, true, null) { ExecutedGtids = "0-1-900" };

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500), half], Policy, Context(resume: "db3"));

        Assert.True(selection.Resumed);
        Assert.Equal("db3", selection.Chosen?.Node.Name);
    }

    [Fact]
    public void Select_InterruptedRunsCandidateThatOthersOvertookSince_IsNotFinishedBlindly()
    {
        var old = new NodeState(Node("db3"), MariaDb, ReadOnly: false, true, true, null) { ExecutedGtids = "0-1-400" };
        var ahead = Replica(Node("db2"), 500) with { Replication = Replica(Node("db2"), 500).Replication! with { ReceivedGtids = "0-1-500" } };

        var selection = ReplicaSelector.Select(Master, [ahead, old], Policy, Context(resume: "db3"));

        Assert.Null(selection.Chosen);
        Assert.StartsWith("db3, promoted by an interrupted run, lacks transactions db2 received since", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_AStaleReplicaSeenStoppedLongBeforeTheFailure_IsRefusedSayingHowStale()
    {
        // Its IO thread retries (Connecting) like everyone's after the master died, but a watcher saw it stop an hour earlier.
        var stopped = new Dictionary<string, DateTimeOffset> { ["db2"] = FailedAt.AddHours(-1) };

        var selection = ReplicaSelector.Select(Master, [Replica(Node("db2"), 500, behind: null)], Policy, Context(stoppedSince: stopped));

        Assert.Null(selection.Chosen);
        Assert.Contains("stopped receiving from the master at 2026-12-02 02:00:00Z, 3600 s before the master failed", selection.Refusal, StringComparison.Ordinal);
        Assert.Contains("[stale]", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_AReplicaWhoseIoThreadFailsForAReasonOfItsOwn_IsStale()
    {
        var denied = Replica(Node("db2"), 500) is var r ? r with { Replication = r.Replication! with { LastIoErrno = 1045, LastIoError = "Access denied for user 'repl'" } } : null!;

        var selection = ReplicaSelector.Select(Master, [denied], Policy, Context());

        Assert.Null(selection.Chosen);
        Assert.Contains("error 1045 (Access denied for user 'repl')", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_StaleReplicaBesideACurrentOne_TheCurrentOneIsPromotedAndTheOtherShownBehind()
    {
        var stale = Replica(Node("db2"), 400) with { Replication = Replica(Node("db2"), 400).Replication! with { ReceivedGtids = "0-1-20" } };
        var current = Replica(Node("db3"), 900) with { Replication = Replica(Node("db3"), 900).Replication! with { ReceivedGtids = "0-1-50" } };

        var selection = ReplicaSelector.Select(Master, [stale, current], Policy, Context(stoppedSince: new Dictionary<string, DateTimeOffset> { ["db2"] = FailedAt.AddHours(-3) }));

        Assert.True(selection.Chosen?.Node.Name == "db3", selection.Refusal);
        Assert.EndsWith("30 transactions behind db3", selection.Verdicts[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true, "binary logging is off")]
    [InlineData(true, false, "log_slave_updates is off, so the other replicas could not follow it")]
    public void Select_ACandidateThatCannotFeedTheOthers_IsRefusedUnlessForcedByName(bool logBin, bool logReplicaUpdates, string reason)
    {
        var replica = Replica(Node("db2"), 500) with { LogBin = logBin, LogReplicaUpdates = logReplicaUpdates };

        var refused = ReplicaSelector.Select(Master, [replica], Policy, Context());

        Assert.Contains(reason, refused.Refusal, StringComparison.Ordinal);
        Assert.Contains("[no-binlog]", refused.Refusal, StringComparison.Ordinal);
        Assert.Null(ReplicaSelector.Select(Master, [replica], Policy, Context(force: Guards.Lag)).Chosen);
        Assert.Equal("db2", ReplicaSelector.Select(Master, [replica], Policy, Context(force: Guards.NoBinlog)).Chosen?.Node.Name);
    }

    [Fact]
    public void Select_ACandidateWithLocalWrites_IsRefusedAsErrant()
    {
        var errant = Replica(Node("db2"), 500) with { ExecutedGtids = "0-1-50,1-2-3", ReplicatedGtids = "0-1-50" };

        var selection = ReplicaSelector.Select(Master, [errant], Policy, Context());

        Assert.Contains("transactions the master never wrote (written on it directly: 1-2-3) [errant-transactions]", selection.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_RequestedButIneligible_RefusalNamesExactlyTheGuardsToForce()
    {
        var replica = Replica(Node("db2"), 500, behind: 100) with { LogReplicaUpdates = false };

        var selection = ReplicaSelector.Select(Master, [replica], Policy, Context("db2"));

        Assert.EndsWith("invoke by hand with \"force\": [\"lag\", \"no-binlog\"].", selection.Refusal, StringComparison.Ordinal);
        Assert.Null(ReplicaSelector.Select(Master, [replica], Policy, Context("db2", force: Guards.Lag)).Chosen);
        Assert.Equal("db2", ReplicaSelector.Select(Master, [replica], Policy, Context("db2", force: [Guards.Lag, Guards.NoBinlog])).Chosen?.Node.Name);
    }

    [Fact]
    public void Select_ForcingOneGuard_LeavesTheOthersStanding()
    {
        // Overriding the ahead check does not also let a lagging replica through (one force used to turn off every guard).
        NodeState[] replicas = [Replica(Node("db2"), 500, behind: 100), Replica(Node("db3"), 800, sql: false)];

        Assert.Null(ReplicaSelector.Select(Master, replicas, Policy, Context(force: Guards.ReplicaAhead)).Chosen);
        Assert.Equal("db2", ReplicaSelector.Select(Master, replicas, Policy, Context(force: [Guards.ReplicaAhead, Guards.Lag])).Chosen?.Node.Name);
    }

    [Fact]
    public void Select_ReplicaNamingTheMasterByAnotherSpelling_IsRecognisedByAddress()
    {
        var byName = Replica(Node("db2"), 500) is var r ? r with { Replication = r.Replication! with { SourceHost = "db1.internal.example.com", SourceAddresses = [Master.Host] } } : null!;

        Assert.Equal("db2", ReplicaSelector.Select(Master, [byName], Policy, Context()).Chosen?.Node.Name);
    }
}
