using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion.Actions;

/// <summary>
/// After a promotion, the old master (if it answers and the record does not point at it) is fenced: its clients cut
/// off and made read only. Run when its alarm returns to OK (it is back), or by hand.
/// </summary>
public sealed class FenceAction(PromotionPorts ports, InvocationContext context)
{
    public async Task RunAsync(PromotionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cluster = run.Cluster;
        var access = await ClusterAccess.OpenAsync(cluster, ports, context.Time, cancellationToken).ConfigureAwait(false);
        var (_, last) = await access.Locks.ReadAsync(cancellationToken).ConfigureAwait(false);
        var old = cluster.Nodes.FirstOrDefault(n => n.Name == last?.OldMaster);
        if (old is null || last?.Candidate is null)
        {
            run.End("ignored", "no promotion on record, so no old master to fence.");
            return;
        }

        run.OldMaster = old;
        run.NewMaster = cluster.Nodes.FirstOrDefault(n => n.Name == last.Candidate);
        if (last.State == Domain.PromotionLock.Switched && !(last.Quarantined ?? []).Contains(old.Name))
        {
            run.End("ignored", $"{old} rejoined as a replica of {last.Candidate} in the switchover; it is not fenced.");
            return;
        }
        var (_, topology, problem) = await access.ReadTopologyAsync(last.Quarantined, cancellationToken).ConfigureAwait(false);
        if (topology?.Master == old)
        {
            run.End("ignored", $"{old} is the master again by the record; it is not fenced.");
            return;
        }

        if (run.DryRun)
        {
            run.End("planned", $"would end {old}'s client connections and make it read only if it answers{(problem is not null ? $" ({problem})" : "")}");
            return;
        }

        var result = await run.StepAsync("fence-old-master", async () =>
        {
            var fenced = await Fencing.FenceAsync(access.Database, old, stopInstance: false, ports.Instances, cancellationToken).ConfigureAwait(false);
            return (fenced, fenced.Detail);
        }).ConfigureAwait(false);
        run.End(result.Fenced ? "fenced" : "not-fenced", result.Detail);
    }
}
