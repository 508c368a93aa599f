using Lifeguard.Promotion.Domain;
using static Lifeguard.Promotion.Tests.Domain.Replicas;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class FailureDetectorTests
{
    private static NodeState Seen(string name, string io, long heartbeats, long received = 500, int errno = 0) =>
        Replica(Node(name), received, io: io) is var state
            ? state with { NetTimeoutSeconds = 4, Replication = state.Replication! with { HeartbeatsReceived = heartbeats, LastIoErrno = errno } }
            : throw new InvalidOperationException();

    [Fact]
    public void Classify_MasterAnswersAndWritable_IsAlive()
    {
        var master = new NodeState(Master, MariaDb, ReadOnly: false, true, true, null);

        Assert.Equal(Failure.MasterAlive, FailureDetector.Classify(true, "answers", master, [], false).Kind);
    }

    [Fact]
    public void Classify_MasterAnswersButReadOnly_IsAnOutageOfItsOwnNotAFalseAlarm()
    {
        var master = new NodeState(Master, MariaDb, ReadOnly: true, true, true, null);

        var detection = FailureDetector.Classify(true, "answers", master, [], false);

        Assert.Equal(Failure.MasterReadOnly, detection.Kind);
        Assert.Contains("read only", detection.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_MySqlMasterWithOnlyReadOnly_IsStillReadOnlyForTheApplication()
    {
        var master = new NodeState(Master, MySql, ReadOnly: true, true, true, null) { SuperReadOnly = false };

        Assert.Equal(Failure.MasterReadOnly, FailureDetector.Classify(true, "answers", master, [], false).Kind);
    }

    [Fact]
    public void Classify_MasterDownAndEveryReplicaLostIt_IsDead()
    {
        var detection = FailureDetector.Classify(false, "refused", null, [(Seen("db2", "Yes", 10), Seen("db2", "Connecting", 10, errno: 2003)), (Seen("db3", "Connecting", 10), Seen("db3", "Connecting", 10))], false);

        Assert.Equal(Failure.DeadMaster, detection.Kind);
        Assert.Contains("db2: IO Connecting, error 2003", detection.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_AReplicaStillReceivesHeartbeats_IsUnreachableOnlyFromHere()
    {
        var detection = FailureDetector.Classify(false, "no answer within 2 s", null, [(Seen("db2", "Yes", 10), Seen("db2", "Yes", 11)), (Seen("db3", "Connecting", 10), Seen("db3", "Connecting", 10))], false);

        Assert.Equal(Failure.UnreachableMaster, detection.Kind);
        Assert.Contains("db2 still receives from it (heartbeats 10 -> 11)", detection.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_AReplicaStillReceivesEvents_IsUnreachableOnlyFromHere()
    {
        var detection = FailureDetector.Classify(false, "no answer", null, [(Seen("db2", "Yes", 10, received: 500), Seen("db2", "Yes", 10, received: 900))], false);

        Assert.Equal(Failure.UnreachableMaster, detection.Kind);
    }

    [Fact]
    public void Classify_AReplicaConnectedWithoutNews_IsWaitedForThenUnreachable()
    {
        // A hung master: the replica's connection stays up until its slave_net_timeout; wait for it, bounded.
        IReadOnlyList<(NodeState, NodeState)> replicas = [(Seen("db2", "Yes", 10), Seen("db2", "Yes", 10))];

        Assert.Equal(Failure.Undecided, FailureDetector.Classify(false, "no answer", null, replicas, waitedLongEnough: false).Kind);
        Assert.Equal(Failure.UnreachableMaster, FailureDetector.Classify(false, "no answer", null, replicas, waitedLongEnough: true).Kind);
    }

    [Fact]
    public void Bound_IsTheLongestNetTimeoutPlusAMarginCapped()
    {
        NodeState[] replicas = [Seen("db2", "Yes", 0) with { NetTimeoutSeconds = 4 }, Seen("db3", "Yes", 0) with { NetTimeoutSeconds = 60 }];

        Assert.Equal(TimeSpan.FromSeconds(6), FailureDetector.Bound(replicas[..1], TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(30), FailureDetector.Bound(replicas, TimeSpan.FromSeconds(30)));
    }
}
