using System.Globalization;
using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion.Actions;

/// <summary>
/// A planned switchover (<c>"action": "switchover"</c>, optionally <c>"replica"</c>): the master is alive. It is made
/// read only with its clients cut off, the candidate applies everything it wrote (bounded), the candidate is promoted,
/// the other replicas follow it, the record moves, and the old master, proven to have nothing the new one lacks,
/// replicates from the new one. Anything that fails before writes go on at the candidate puts everything back.
/// </summary>
public sealed class SwitchoverAction(PromotionPorts ports, InvocationContext context)
{
    public async Task RunAsync(PromotionRun run, string? replica, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cluster = run.Cluster;
        var policy = cluster.Policy;
        var time = context.Time;
        var access = await ClusterAccess.OpenAsync(cluster, ports, time, cancellationToken).ConfigureAwait(false);
        var database = access.Database;
        var (lockSet, previous, _, memory, record, topology, problem) = await access.ReadStateAsync(cancellationToken).ConfigureAwait(false);
        if (topology is null)
        {
            run.End("refused", problem);
            return;
        }

        var master = topology.Master;
        run.OldMaster = master;
        var now = time.GetUtcNow();
        if (PromotionLock.Refusal(previous, now, TimeSpan.Zero, ForceSet.None) is { } busy)
        {
            run.End("refused", busy);
            return;
        }

        // Choose, with every guard of a failover, from a master that answers and takes writes.
        var masterAddresses = await TopologyReader.AddressesAsync(master.Host, cancellationToken).ConfigureAwait(false);
        var (masterState, selection, reads) = await run.StepAsync("choose-replica", async () =>
        {
            var oldRead = await access.Reader.ReadAsync(master, cancellationToken).ConfigureAwait(false);
            var all = await access.Reader.ReadAsync(topology.Replicas, cancellationToken).ConfigureAwait(false);
            var unreadable = all.Where(r => r.State is null).ToList();
            var chosen = oldRead.State is null || unreadable.Count > 0
                ? new Selection(null, [], oldRead.State is null
                    ? $"the master {master} cannot be read ({oldRead.Error}); a switchover needs a live master (use promote for a dead one)."
                    : $"could not read {string.Join("; ", unreadable.Select(u => u.Error))}; nothing was changed.")
                : ReplicaSelector.Select(master, [.. all.Select(r => r.State!)], policy, new SelectionContext(masterAddresses, ForceSet.None, now, replica, null, memory.StoppedSince, MasterAlive: true));
            var result = (oldRead.State, chosen, all);
            return (result, chosen.Chosen is { } c ? $"{c.Node} ({c.Version})" : "none");
        }).ConfigureAwait(false);
        run.Verdicts = selection.Verdicts;
        if (selection.Chosen is not { } candidate || masterState is null)
        {
            run.End("refused", selection.Refusal);
            return;
        }

        if (masterState.Fenced || masterState.ReadOnly)
        {
            run.End("refused", $"the master {master} is read only already; a switchover starts from a master that takes writes (see the readiness check).");
            return;
        }

        var followers = reads.Where(r => r.State is { } s && s.Node != candidate.Node && s.ReplicatesFrom(master, masterAddresses) && !s.StoppedOnPurpose).Select(r => r.State!).ToList();
        if (run.DryRun)
        {
            run.NewMaster = candidate.Node;
            run.End("planned", $"would switch over from {master} to {candidate.Node}: {master.Name} read only and its clients ended; {candidate.Node.Name} applies everything; " +
                $"{candidate.Node.Name} promoted; {string.Join(", ", followers.Select(f => f.Node.Name).DefaultIfEmpty("no other replica"))} follow it; the record moves; {master.Name} replicates from {candidate.Node.Name}.");
            return;
        }

        var held = new PromotionLock(PromotionLock.Running, context.RequestId, now, now + context.RemainingTime + TimeSpan.FromSeconds(30), OldMaster: master.Name, Quarantined: previous?.Quarantined);
        if (!await run.StepAsync("lock", async () =>
            {
                var ok = await access.Locks.SwapAsync(lockSet, held, cancellationToken).ConfigureAwait(false);
                return (ok, ok ? $"{cluster.Record.LockName} taken until {held.Expires:u}" : "another invocation took the lock first");
            }).ConfigureAwait(false))
        {
            run.End("refused", "another promotion or switchover of this cluster took the lock first.");
            return;
        }

        lockSet = access.Locks.Set(held);
        var (fenced, writesOn, moved, rejoined) = (false, false, false, false);
        try
        {
            // Fence: no more writes at the old master, and none in flight.
            var fence = await run.StepAsync("fence-old-master", async () =>
            {
                var result = await Fencing.FenceAsync(database, master, stopInstance: false, ports.Instances, cancellationToken).ConfigureAwait(false);
                return (result, result.Detail);
            }).ConfigureAwait(false);
            fenced = fence.Answered;
            if (!fence.Fenced)
            {
                run.End("refused", $"the master could not be fenced ({fence.Detail}); it takes writes as before and nothing else was changed.");
                return;
            }

            // Everything it wrote is applied at the candidate (bounded).
            var written = fence.Written!;
            var caughtUp = await run.StepAsync("apply-relay-log", async () =>
            {
                var wait = StatementPlanner.WaitForGtids(candidate.Version.Dialect, written, policy.RelayApplyTimeoutSeconds);
                var answer = await database.ScalarAsync(candidate.Node, wait.Statement, TimeSpan.FromSeconds(policy.RelayApplyTimeoutSeconds), cancellationToken).ConfigureAwait(false);
                return (wait.Succeeded(answer), $"{candidate.Node.Name} applied {master.Name}'s {written} ({wait.Statement.Text} answered {answer?.ToString(CultureInfo.InvariantCulture) ?? "NULL"})");
            }).ConfigureAwait(false);
            if (!caughtUp)
            {
                run.End("refused", $"{candidate.Node} did not apply everything {master.Name} wrote within {policy.RelayApplyTimeoutSeconds} s; {master.Name} takes writes again and nothing else was changed.");
                return;
            }

            // Promote: the replication user before writes, then writes on.
            await run.StepAsync("promote", async () =>
            {
                (held, lockSet) = await Candidates.NameAsync(access, held, lockSet, candidate, cancellationToken).ConfigureAwait(false);
                await Candidates.TurnWritesOnAsync(access, candidate, () => writesOn = true, cancellationToken).ConfigureAwait(false);
                return (true, $"{candidate.Node} takes writes");
            }).ConfigureAwait(false);
            run.NewMaster = candidate.Node;

            // The record follows at once (the application's writes are what wait); then the rest.
            await run.StepAsync("move-record", async () => (true, await Candidates.MoveRecordAsync(access, record!, master, candidate, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
            moved = true;

            // The other replicas follow it; the old master rejoins when it has nothing the new master lacks.
            var after = (await access.Reader.ReadAsync(candidate.Node, cancellationToken).ConfigureAwait(false)).State;
            await run.StepAsync("repoint-replicas", async () =>
            {
                var results = (await Task.WhenAll(followers.Select(f => Candidates.RepointAsync(access, time, f, candidate, cancellationToken))).ConfigureAwait(false)).ToList();
                var errant = await ErrantAsync(database, masterState with { ExecutedGtids = written }, candidate, after, cancellationToken).ConfigureAwait(false);
                if (errant is null)
                {
                    var rejoin = await Candidates.RepointAsync(access, time, masterState, candidate, cancellationToken, StatementPlanner.BeforeRejoin(masterState.Version.Dialect)).ConfigureAwait(false);
                    rejoined = !rejoin.StartsWith("WARNING", StringComparison.Ordinal);
                    results.Add(rejoin);
                }
                else
                {
                    results.Add($"WARNING: {master.Name} stays read only and quarantined: {errant}");
                }

                return (true, string.Join("; ", results));
            }).ConfigureAwait(false);

            run.End("switched-over", $"{candidate.Node} is the master of {cluster.Name}; {cluster.Record.Name} points at it; " +
                (rejoined ? $"{master} replicates from it." : $"{master} is read only and quarantined (see the repoint step)."));
        }
        finally
        {
            if (fenced && !writesOn)
            {
                // Nothing went on at the candidate: the old master takes writes again.
                await UnfenceAsync(run, database, masterState).ConfigureAwait(false);
            }

            var next = moved ? held with { State = PromotionLock.Switched, Since = time.GetUtcNow(), Expires = null, Quarantined = rejoined ? held.Quarantined : held.QuarantineWith(master.Name) }
                : writesOn ? held with { Expires = time.GetUtcNow() }
                : previous;
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await access.Locks.SwapAsync(lockSet, next, release.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Why the old master may not rejoin (transactions the new master lacks), or null.</summary>
    private static async Task<string?> ErrantAsync(IDatabase database, NodeState old, NodeState candidate, NodeState? after, CancellationToken cancellationToken)
    {
        try
        {
            return await CompareAsync(database, old, candidate, after, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException or FormatException)
        {
            return $"its transactions could not be compared with the new master's ({ex.Message})";
        }
    }

    private static async Task<string?> CompareAsync(IDatabase database, NodeState old, NodeState candidate, NodeState? after, CancellationToken cancellationToken)
    {
        if (old.Version.Dialect == Dialect.MySql)
        {
            var subset = await database.ScalarAsync(candidate.Node, StatementPlanner.GtidSubset(old.ExecutedGtids, after?.ExecutedGtids ?? ""), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return subset == 1 ? null : $"its GTID set {old.ExecutedGtids} is not within the new master's";
        }

        var lacking = GtidPosition.Parse(old.ExecutedGtids).AheadOf(GtidPosition.Parse(after?.ExecutedGtids));
        return lacking.Count == 0 ? null : $"it has transactions the new master lacks ({string.Join(", ", lacking)})";
    }

    private static async Task UnfenceAsync(PromotionRun run, IDatabase database, NodeState master)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await database.ExecuteAsync(master.Node, StatementPlanner.Unfence(master.Version.Dialect), bounded.Token).ConfigureAwait(false);
            run.Record("fence-old-master", "undone", TimeSpan.Zero, $"{master.Node} takes writes again");
        }
        catch (Exception ex) when (ex is DatabaseException or TimeoutException or OperationCanceledException)
        {
            run.Record("fence-old-master", "failed", TimeSpan.Zero, $"{master.Node} could NOT be made writable again ({ex.Message}): SET GLOBAL read_only = OFF there by hand");
        }
    }
}
