using System.Globalization;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>Why a replica can or cannot be promoted; <paramref name="Guards"/> names what stands in its way.</summary>
public sealed record ReplicaVerdict(string Replica, bool Eligible, string Reason, IReadOnlyList<string>? Guards = null);

/// <param name="Chosen">The replica to promote, or null with <paramref name="Refusal"/> saying why none.</param>
/// <param name="Resumed">The chosen one was already promoted by an interrupted run: skip to the steps after promotion.</param>
public sealed record Selection(NodeState? Chosen, IReadOnlyList<ReplicaVerdict> Verdicts, string? Refusal, bool Resumed = false);

/// <summary>What the selector knows beyond the replicas' own state.</summary>
/// <param name="MasterAddresses">The addresses the master's host resolves to, to recognise its replicas.</param>
/// <param name="StoppedSince">When a watcher or readiness check last saw each replica stop receiving from the master (absent: receiving, or never seen).</param>
/// <param name="FailedAt">When the master was found down.</param>
public sealed record SelectionContext(IReadOnlyCollection<string> MasterAddresses, ForceSet Force, DateTimeOffset FailedAt, string? Requested = null, string? ResumeCandidate = null,
    IReadOnlyDictionary<string, DateTimeOffset>? StoppedSince = null, bool MasterAlive = false);

/// <summary>
/// Picks the replica to promote, as orchestrator and MHA do: only replicas of the dead master that were still receiving
/// from it when it failed (not stale), with a working SQL thread, binary logging and log_slave_updates (so the others
/// can replicate from it), no transactions of their own, and no more than maxLagSeconds behind are eligible; among
/// those the one that received the most of the master's binary log wins, then the higher priority, then the one with
/// less left to apply, then the configuration's order. It refuses rather than lose data: when a replica that cannot be
/// promoted received more than the best one that can. Each obstacle is a named guard a run by hand may override.
/// </summary>
public static class ReplicaSelector
{
    public static Selection Select(NodeConfig master, IReadOnlyList<NodeState> replicas, PromotionPolicyConfig policy, SelectionContext context)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        var force = context.Force;
        // The candidate an interrupted run named, with replication reset (writable, or half promoted: read_only still
        // on), is finished rather than a second one made; unless others received what it never got meanwhile.
        if (context.ResumeCandidate is { } resume && replicas.FirstOrDefault(r => r.Node.Name == resume) is { Replication: null } resumed)
        {
            var has = GtidPosition.Parse(resumed.ExecutedGtids);
            var beyond = resumed.Version.Dialect == Dialect.MariaDb
                ? replicas.Where(r => r != resumed && r.Replication is { } o && !has.Covers(GtidPosition.Parse(o.ReceivedGtids))).Select(r => r.Node.Name).ToList()
                : [];
            return beyond.Count == 0
                ? new Selection(resumed, [new ReplicaVerdict(resumed.Node.Name, true, $"promoted by an interrupted run (no replication, {(resumed.ReadOnly ? "still read only" : "writable")}): finishing its promotion")], null, Resumed: true)
                : new Selection(null, [], $"{resumed.Node.Name}, promoted by an interrupted run, lacks transactions {string.Join(", ", beyond)} received since; it is not finished automatically. " +
                    $"Compare them and promote by hand with \"replica\" (and make {resumed.Node.Name} a replica again if it is not to be the master).");
        }

        // Asked for by name and already writable (promoted by hand): adopted as the new master as it is.
        if (context.Requested is { } adopt && force.Overrides(Guards.SecondWritable) && replicas.FirstOrDefault(r => r.Node.Name == adopt) is { Replication: null, ReadOnly: false } adopted)
        {
            return new Selection(adopted, [new ReplicaVerdict(adopted.Node.Name, true, "writable and replicating from nobody: taken as the new master as asked (second-writable)")], null, Resumed: true);
        }

        var fromMaster = replicas.Where(r => r.ReplicatesFrom(master, context.MasterAddresses)).ToList();
        var verdicts = replicas.Select(r => Judge(master, r, fromMaster, policy, context)).ToList();

        // A writable server that replicates from nobody may already be a master: promoting another makes two.
        var loose = replicas.FirstOrDefault(r => r is { Replication: null, ReadOnly: false } && r.Node.Name != context.Requested);
        if (loose is not null && !force.Overrides(Guards.SecondWritable))
        {
            return new Selection(null, verdicts, $"{loose.Node.Name} is writable and replicates from nobody: it may already be a master (promoted by hand, or by a run that did not finish). " +
                $"Make it read only, or promote it explicitly with \"replica\": \"{loose.Node.Name}\". {Guards.HowToForce(Guards.SecondWritable)}");
        }

        var order = replicas.Select((r, i) => (State: r, Index: i, Verdict: verdicts[i])).ToList();
        NodeState chosen;
        if (context.Requested is { } requested)
        {
            var entry = order.FirstOrDefault(o => o.State.Node.Name == requested);
            if (entry.State is null)
            {
                return new Selection(null, verdicts, $"replica '{requested}' is not a reachable replica of this cluster (replicas: {string.Join(", ", replicas.Select(r => r.Node.Name))}).");
            }

            if (!entry.Verdict.Eligible)
            {
                return new Selection(null, verdicts, $"replica '{requested}' cannot be promoted: {entry.Verdict.Reason}.{ForceHint(entry.Verdict)}");
            }

            chosen = entry.State;
        }
        else
        {
            var pool = order.Where(o => o.Verdict.Eligible).ToList();
            if (pool.Count == 0)
            {
                return new Selection(null, verdicts, $"no replica can be promoted: {string.Join("; ", verdicts.Select(v => $"{v.Replica}: {v.Reason}"))}." +
                    (verdicts.Any(v => v.Guards is { Count: > 0 }) ? " To promote one anyway, invoke by hand with \"replica\" and \"force\" naming the guards in brackets." : ""));
            }

            // A failover takes the replica that received the most of the dead master's log. A switchover's master is
            // alive and every replica catches up before the switch, so how much each had received when it was read (a
            // moment apart, on a busy master) says nothing: there the choice is the configured one, by priority and order.
            chosen = (context.MasterAlive
                    ? pool.OrderByDescending(o => o.State.Node.Priority).ThenBy(o => o.Index)
                    : pool.OrderByDescending(o => o.State.Replication?.Received ?? default)
                        .ThenByDescending(o => o.State.Node.Priority)
                        .ThenByDescending(o => o.State.Replication?.Applied ?? default)
                        .ThenBy(o => o.Index))
                .First().State;
        }

        // Never lose transactions silently: a replica that received more than the chosen one has data it lacks. A live
        // master (a switchover) still has them all, and the candidate applies what it executed before taking writes:
        // replicas read at slightly different moments of a busy master differ by what is in flight, which loses nothing.
        var best = chosen.Replication?.Received ?? default;
        var ahead = order.Where(o => o.State != chosen && fromMaster.Contains(o.State) && o.State.Replication!.Received > best).OrderByDescending(o => o.State.Replication!.Received).FirstOrDefault();
        if (ahead.State is not null && !context.MasterAlive && !force.Overrides(Guards.ReplicaAhead))
        {
            return new Selection(null, verdicts,
                $"{ahead.State.Node.Name} received more of the master's binary log ({ahead.State.Replication!.Received}) than {chosen.Node.Name} ({best}), " +
                $"but cannot be promoted ({ahead.Verdict.Reason}); promoting {chosen.Node.Name} would lose those transactions. {Guards.HowToForce(Guards.ReplicaAhead)}");
        }

        return new Selection(chosen, verdicts, null);
    }

    private static string ForceHint(ReplicaVerdict verdict) => verdict.Guards is { Count: > 0 } guards
        ? $" To promote it anyway, invoke by hand with \"force\": [{string.Join(", ", guards.Select(g => $"\"{g}\""))}]."
        : "";

    private static ReplicaVerdict Judge(NodeConfig master, NodeState state, IReadOnlyList<NodeState> fromMaster, PromotionPolicyConfig policy, SelectionContext context)
    {
        var name = state.Node.Name;
        if (state.Replication is not { } r)
        {
            return new ReplicaVerdict(name, false, "not replicating (no replication configured)");
        }

        if (!fromMaster.Contains(state))
        {
            return new ReplicaVerdict(name, false, $"replicates from {r.SourceHost}:{r.SourcePort}, not from the master {master}");
        }

        var problems = new List<(string Guard, string Text)>();
        if (!r.SqlRunning)
        {
            problems.Add((Guards.SqlThread, r.LastSqlError.Length > 0 ? $"its SQL thread stopped on an error: {r.LastSqlError}" : "its SQL thread is stopped"));
        }
        else if (r.LastSqlError.Length > 0)
        {
            problems.Add((Guards.SqlThread, $"its SQL thread reports an error: {r.LastSqlError}"));
        }

        if (Staleness(state, r, policy, context) is { } stale)
        {
            problems.Add((Guards.Stale, stale));
        }

        if (r.SecondsBehind > policy.MaxLagSeconds)
        {
            problems.Add((Guards.Lag, string.Create(CultureInfo.InvariantCulture, $"{r.SecondsBehind} s behind, over maxLagSeconds {policy.MaxLagSeconds}")));
        }
        else if (!r.CaughtUp && r.SqlDelay > policy.MaxLagSeconds)
        {
            // With the master gone the server may not report the lag at all; a delayed replica is behind by its delay.
            problems.Add((Guards.Lag, string.Create(CultureInfo.InvariantCulture, $"a delayed replica (SQL_Delay {r.SqlDelay} s, over maxLagSeconds {policy.MaxLagSeconds}) with received events still to apply")));
        }

        if (!state.LogBin || !state.LogReplicaUpdates)
        {
            var setting = state.Version.Dialect == Dialect.MariaDb ? "log_slave_updates" : "log_replica_updates";
            problems.Add((Guards.NoBinlog, !state.LogBin ? "binary logging is off (log_bin), so no replica could replicate from it" : $"{setting} is off, so the other replicas could not follow it"));
        }

        if (state.LocalTransactions(fromMaster) is { Count: > 0 } local)
        {
            problems.Add((Guards.ErrantTransactions, $"it has transactions the master never wrote (written on it directly: {string.Join(", ", local)})"));
        }

        if (!state.Node.Candidate)
        {
            problems.Add((Guards.NotCandidate, "not a promotion candidate (candidate false)"));
        }

        var behind = Behind(state, fromMaster);
        if (problems.Count == 0)
        {
            return new ReplicaVerdict(name, true, string.Create(CultureInfo.InvariantCulture,
                $"received {r.Received}, applied {r.Applied}, {(r.SecondsBehind is { } s ? $"{s} s behind" : "lag unknown (master gone)")}, IO {r.IoState}, priority {state.Node.Priority}{behind}"));
        }

        var forced = problems.All(p => context.Force.Overrides(p.Guard));
        var reason = string.Join("; ", problems.Select(p => $"{p.Text} [{p.Guard}]")) + behind;
        return new ReplicaVerdict(name, forced, forced ? $"eligible by force: {reason}" : reason, [.. problems.Select(p => p.Guard).Distinct()]);
    }

    /// <summary>Why it had stopped receiving before the master failed, or null when it was receiving until then.</summary>
    private static string? Staleness(NodeState state, ReplicationStatus r, PromotionPolicyConfig policy, SelectionContext context)
    {
        if (r.IoState == "No")
        {
            return "its IO thread is stopped (not by the master's failure), so it stopped receiving at an unknown time";
        }

        if (context.StoppedSince is { } stopped && stopped.TryGetValue(state.Node.Name, out var since) && context.FailedAt - since > TimeSpan.FromSeconds(policy.MaxLagSeconds))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"it stopped receiving from the master at {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {(context.FailedAt - since).TotalSeconds:0} s before the master failed (over maxLagSeconds {policy.MaxLagSeconds})");
        }

        return !r.Receiving && !r.LastIoErrorIsNetwork
            ? string.Create(CultureInfo.InvariantCulture, $"its IO thread fails with error {r.LastIoErrno} ({r.LastIoError}), a reason of its own, not the master's failure: it may have stopped receiving long before")
            : null;
    }

    /// <summary>", N transactions behind dbX" when another replica of the master received more (MariaDB GTID positions).</summary>
    private static string Behind(NodeState state, IReadOnlyList<NodeState> fromMaster)
    {
        if (state.Version.Dialect != Dialect.MariaDb)
        {
            return "";
        }

        var mine = GtidPosition.Parse(state.Replication!.ReceivedGtids);
        var most = fromMaster.Where(o => o != state && o.Version.Dialect == Dialect.MariaDb)
            .Select(o => (o.Node.Name, Count: mine.Behind(GtidPosition.Parse(o.Replication!.ReceivedGtids))))
            .OrderByDescending(o => o.Count).FirstOrDefault();
        return most.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", {most.Count} transactions behind {most.Name}") : "";
    }
}
