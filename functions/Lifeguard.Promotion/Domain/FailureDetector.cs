using System.Globalization;

namespace Lifeguard.Promotion.Domain;

public enum Failure
{
    /// <summary>The master answers and takes writes: a false alarm.</summary>
    MasterAlive,

    /// <summary>The master answers but is read only: no writes anywhere, a lasting outage that no promotion caused.</summary>
    MasterReadOnly,

    /// <summary>This function cannot reach the master and neither can any replica: promote.</summary>
    DeadMaster,

    /// <summary>This function cannot reach the master, but replicas still receive from it: do not promote.</summary>
    UnreachableMaster,

    /// <summary>Replicas still hold a connection to it without news yet (a hung master takes slave_net_timeout to show): ask again.</summary>
    Undecided,
}

/// <summary>The diagnosis and the evidence for it, in a sentence.</summary>
public sealed record Detection(Failure Kind, string Evidence);

/// <summary>
/// Holistic failure detection, as orchestrator does it: a master is dead only when this function cannot reach it AND
/// the replicas that replicate from it have lost it too. A replica that still receives (its heartbeat count or received
/// position moved since the first look) proves the master is alive and only this function's path to it is broken; one
/// that is still connected without news is waited for, at most until its slave_net_timeout has passed, after which it
/// has either reconnected (the master is hung or dead) or it is still connected (the master is reachable to it).
/// </summary>
public static class FailureDetector
{
    /// <param name="masterUp">The function's own probe of the master.</param>
    /// <param name="master">The master's state when it answered.</param>
    /// <param name="replicas">Each reachable replica of the master: as first read and as read last.</param>
    /// <param name="waitedLongEnough">The replicas' slave_net_timeout (plus a margin) has passed since the first look.</param>
    public static Detection Classify(bool masterUp, string masterDetail, NodeState? master, IReadOnlyList<(NodeState First, NodeState Last)> replicas, bool waitedLongEnough)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (masterUp)
        {
            return master is { Fenced: true } or { ReadOnly: true }
                ? new Detection(Failure.MasterReadOnly, $"the master {masterDetail} but is read only{(master.Replication is not null ? " and replicates from another server" : "")}: it accepts no writes")
                : new Detection(Failure.MasterAlive, $"the master {masterDetail} from here");
        }

        if (replicas.Count == 0)
        {
            return new Detection(Failure.DeadMaster, $"the master does not answer ({masterDetail}) and no reachable replica replicates from it to ask");
        }

        var receiving = replicas.Where(r => r.Last.Replication is { Receiving: true }).ToList();
        var news = receiving.Where(r => HasNews(r.First, r.Last)).ToList();
        if (news.Count > 0)
        {
            return new Detection(Failure.UnreachableMaster,
                $"the master does not answer this function ({masterDetail}), but {string.Join(", ", news.Select(r => $"{r.Last.Node.Name} still receives from it ({Progress(r.First, r.Last)})"))}: the master is alive and only the path from here to it is broken");
        }

        var lost = string.Join("; ", replicas.Where(r => !r.Last.Replication!.Receiving).Select(r => $"{r.Last.Node.Name}: IO {r.Last.Replication!.IoState}{Error(r.Last.Replication!)}"));
        if (receiving.Count == 0)
        {
            return new Detection(Failure.DeadMaster, $"the master does not answer ({masterDetail}) and its replicas have lost it too ({lost})");
        }

        var connected = string.Join(", ", receiving.Select(r => r.Last.Node.Name));
        return waitedLongEnough
            ? new Detection(Failure.UnreachableMaster, string.Create(CultureInfo.InvariantCulture,
                $"the master does not answer this function ({masterDetail}), but {connected} still hold{(receiving.Count == 1 ? "s" : "")} a connection to it after their slave_net_timeout ({receiving.Max(r => r.Last.NetTimeoutSeconds)} s); it may be alive"))
            : new Detection(Failure.Undecided, $"{connected} still connected to the master; waiting for their slave_net_timeout");
    }

    /// <summary>How long to keep asking: the longest slave_net_timeout among the replicas plus a margin for their reconnect, capped.</summary>
    public static TimeSpan Bound(IEnumerable<NodeState> replicas, TimeSpan cap)
    {
        var longest = replicas.Select(r => r.NetTimeoutSeconds).DefaultIfEmpty(0).Max();
        var bound = TimeSpan.FromSeconds(longest) + TimeSpan.FromSeconds(2);
        return bound < cap ? bound : cap;
    }

    private static bool HasNews(NodeState first, NodeState last) =>
        last.Replication is { } l && first.Replication is { } f &&
        ((l.HeartbeatsReceived ?? 0) > (f.HeartbeatsReceived ?? 0) || l.Received > f.Received || !string.Equals(l.ReceivedGtids, f.ReceivedGtids, StringComparison.Ordinal));

    private static string Progress(NodeState first, NodeState last) =>
        last.Replication!.HeartbeatsReceived is { } beats && beats > (first.Replication!.HeartbeatsReceived ?? 0)
            ? string.Create(CultureInfo.InvariantCulture, $"heartbeats {first.Replication!.HeartbeatsReceived} -> {beats}")
            : $"received {first.Replication!.Received} -> {last.Replication!.Received}";

    private static string Error(ReplicationStatus status) =>
        status.LastIoErrno != 0 ? string.Create(CultureInfo.InvariantCulture, $", error {status.LastIoErrno}") : "";
}
