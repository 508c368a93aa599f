using System.Globalization;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>Why a replica can or cannot be promoted.</summary>
public sealed record ReplicaVerdict(string Replica, bool Eligible, string Reason);

/// <param name="Chosen">The replica to promote, or null with <paramref name="Refusal"/> saying why none.</param>
/// <param name="Resumed">The chosen one was already promoted by an interrupted run: skip to the steps after promotion.</param>
public sealed record Selection(NodeState? Chosen, IReadOnlyList<ReplicaVerdict> Verdicts, string? Refusal, bool Resumed = false);

/// <summary>
/// Picks the replica to promote, as orchestrator and MHA do: only replicas replicating from the dead master, with a
/// working SQL thread, a receiving IO thread (or one retrying because the master went away), and no more than
/// maxLagSeconds behind are eligible; among those the one that received the most of the master's binary log wins,
/// then the higher priority, then the one with less left to apply, then the configuration's order. It refuses
/// rather than lose data: when a replica that cannot be promoted received more than the best one that can.
/// </summary>
public static class ReplicaSelector
{
    public static Selection Select(NodeConfig master, IReadOnlyList<NodeState> replicas, PromotionPolicyConfig policy, string? requested = null, bool force = false, string? resumeCandidate = null)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(policy);
        if (resumeCandidate is not null && replicas.FirstOrDefault(r => r.Node.Name == resumeCandidate) is { Replication: null, ReadOnly: false } resumed)
        {
            return new Selection(resumed, [new ReplicaVerdict(resumed.Node.Name, true, "promoted by an interrupted run (no replication, writable): resuming after its promotion")], null, Resumed: true);
        }

        var verdicts = replicas.Select(r => Judge(master, r, policy)).ToList();

        // A writable server that replicates from nobody may already be a master: promoting another makes two.
        var loose = replicas.FirstOrDefault(r => r is { Replication: null, ReadOnly: false } && r.Node.Name != requested);
        if (loose is not null && !force)
        {
            return new Selection(null, verdicts, $"{loose.Node.Name} is writable and replicates from nobody: it may already be a master (promoted by hand, or by a run that did not finish). " +
                $"Make it read only, or promote it explicitly with replica '{loose.Node.Name}' and force.");
        }

        var order = replicas.Select((r, i) => (State: r, Index: i, Verdict: verdicts[i])).ToList();
        var fromMaster = order.Where(o => o.State.ReplicatesFrom(master)).ToList();
        NodeState? chosen;
        if (requested is not null)
        {
            var entry = order.FirstOrDefault(o => o.State.Node.Name == requested);
            if (entry.State is null)
            {
                return new Selection(null, verdicts, $"replica '{requested}' is not a reachable replica of this cluster (replicas: {string.Join(", ", replicas.Select(r => r.Node.Name))}).");
            }

            if (!entry.Verdict.Eligible && !force)
            {
                return new Selection(null, verdicts, $"replica '{requested}' cannot be promoted: {entry.Verdict.Reason}. Invoke with force to promote it anyway.");
            }

            chosen = entry.State;
        }
        else
        {
            var pool = order.Where(o => o.Verdict.Eligible).ToList();
            if (pool.Count == 0 && force)
            {
                pool = [.. order.Where(o => o.State.Node.Candidate)];
            }

            if (pool.Count == 0)
            {
                return new Selection(null, verdicts, $"no replica can be promoted: {string.Join("; ", verdicts.Select(v => $"{v.Replica}: {v.Reason}"))}.");
            }

            chosen = pool
                .OrderByDescending(o => o.State.Replication?.Received ?? default)
                .ThenByDescending(o => o.State.Node.Priority)
                .ThenByDescending(o => o.State.Replication?.Applied ?? default)
                .ThenBy(o => o.Index)
                .First().State;
        }

        // Never lose transactions silently: a replica that received more than the chosen one has data it lacks.
        var best = chosen.Replication?.Received ?? default;
        var ahead = fromMaster.Where(o => o.State != chosen && o.State.Replication!.Received > best).OrderByDescending(o => o.State.Replication!.Received).FirstOrDefault();
        if (ahead.State is not null && !force)
        {
            return new Selection(null, verdicts,
                $"{ahead.State.Node.Name} received more of the master's binary log ({ahead.State.Replication!.Received}) than {chosen.Node.Name} ({best}), " +
                $"but cannot be promoted ({ahead.Verdict.Reason}); promoting {chosen.Node.Name} would lose those transactions. Invoke with force to accept that.");
        }

        return new Selection(chosen, verdicts, null);
    }

    private static ReplicaVerdict Judge(NodeConfig master, NodeState state, PromotionPolicyConfig policy)
    {
        var name = state.Node.Name;
        if (state.Replication is not { } r)
        {
            return new ReplicaVerdict(name, false, "not replicating (no replication configured)");
        }

        string? problem = null;
        if (!state.ReplicatesFrom(master))
        {
            problem = $"replicates from {r.SourceHost}:{r.SourcePort}, not from the master {master}";
        }
        else if (!r.SqlRunning)
        {
            problem = r.LastSqlError.Length > 0 ? $"its SQL thread stopped on an error: {r.LastSqlError}" : "its SQL thread is stopped";
        }
        else if (r.LastSqlError.Length > 0)
        {
            problem = $"its SQL thread reports an error: {r.LastSqlError}";
        }
        else if (r.IoState == "No")
        {
            problem = "its IO thread is stopped (not by the master's failure), so it stopped receiving at an unknown time";
        }
        else if (r.SecondsBehind > policy.MaxLagSeconds)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{r.SecondsBehind} s behind, over maxLagSeconds {policy.MaxLagSeconds}");
        }
        else if (!r.CaughtUp && r.SqlDelay > policy.MaxLagSeconds)
        {
            // With the master gone the server may not report the lag at all; a delayed replica is behind by its delay.
            problem = string.Create(CultureInfo.InvariantCulture, $"a delayed replica (SQL_Delay {r.SqlDelay} s, over maxLagSeconds {policy.MaxLagSeconds}) with received events still to apply");
        }
        else if (!state.Node.Candidate)
        {
            problem = "not a promotion candidate (candidate false)";
        }

        return problem is not null
            ? new ReplicaVerdict(name, false, problem)
            : new ReplicaVerdict(name, true, string.Create(CultureInfo.InvariantCulture,
                $"received {r.Received}, applied {r.Applied}, {(r.SecondsBehind is { } s ? $"{s} s behind" : "lag unknown (master gone)")}, IO {r.IoState}, priority {state.Node.Priority}"));
    }
}
