using Lifeguard.Runtime.Hosting;

namespace Lifeguard.Promotion.Actions;

/// <summary>Ends a server's quarantine by hand (it was rebuilt, or checked for transactions the master lacks): it is a replica and a candidate again.</summary>
public sealed class ReleaseAction(PromotionPorts ports, InvocationContext context)
{
    public async Task RunAsync(PromotionRun run, string? node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var access = await ClusterAccess.OpenAsync(run.Cluster, ports, context.Time, cancellationToken).ConfigureAwait(false);
        var (set, current) = await access.Locks.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current?.Quarantined is not { } quarantined || !quarantined.Contains(node, StringComparer.Ordinal))
        {
            run.End("ignored", $"{node} is not quarantined (quarantined: {(current?.Quarantined is { Count: > 0 } q ? string.Join(", ", q) : "none")}).");
            return;
        }

        run.OldMaster = run.Cluster.Nodes.FirstOrDefault(n => n.Name == node);
        if (run.DryRun)
        {
            run.End("planned", $"would release {node} from quarantine: it would be a replica and a candidate again.");
            return;
        }

        var released = await access.Locks.SwapAsync(set, current with { Quarantined = [.. quarantined.Where(q => q != node)] }, cancellationToken).ConfigureAwait(false);
        run.End(released ? "released" : "refused", released
            ? $"{node} is released from quarantine: it counts as a replica and a candidate again. Make sure it replicates from the master."
            : "the lock changed while releasing (a promotion running?); run again.");
    }
}
