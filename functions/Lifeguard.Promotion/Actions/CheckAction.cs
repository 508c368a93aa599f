using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Domain;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;

namespace Lifeguard.Promotion.Actions;

/// <summary>
/// The readiness check (<c>"action": "check"</c>, by hand or on a schedule): reads the whole topology and reports,
/// changing nothing on the servers, whether a promotion would succeed right now and what it would pick. It remembers
/// when each replica stopped receiving (for the staleness of a later promotion) and which problems it reported, so
/// each problem is alerted once, and its clearing once, however often it runs.
/// </summary>
public sealed class CheckAction(PromotionPorts ports, InvocationContext context)
{
    public async Task RunAsync(PromotionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cluster = run.Cluster;
        var access = await ClusterAccess.OpenAsync(cluster, ports, context.Time, cancellationToken).ConfigureAwait(false);
        var (_, _, memorySet, memory, record, topology, problem) = await access.ReadStateAsync(cancellationToken).ConfigureAwait(false);
        if (topology is null)
        {
            Report(run, memory, [new Problem("record", problem!)], null);
            return;
        }

        run.OldMaster = topology.Master;
        var now = context.Time.GetUtcNow();
        var (input, addresses) = await run.StepAsync("check", async () =>
        {
            var read = await ReadAsync(access, topology, record!.Ttl ?? 0, memory, now, cancellationToken).ConfigureAwait(false);
            return (read, $"master {(read.Input.MasterUp ? "answers" : "does not answer")}; {read.Input.Replicas.Count} replica(s) read");
        }).ConfigureAwait(false);

        // Replicas seen not receiving while the master answers stopped for a reason of their own: remember since when.
        var next = input.MasterUp
            ? memory.Observe([.. input.Replicas.Where(r => r.State is not null).Select(r => (r.Node.Name, r.State!.Replication is { Receiving: true }))], now)
            : memory;
        input = input with { Memory = next };
        var (problems, selection) = Readiness.Evaluate(input, cluster.Policy, addresses);
        run.Verdicts = selection.Verdicts;
        next = next with { Problems = [.. problems.Select(p => p.Key)] };
        if (!run.DryRun)
        {
            await access.RememberAsync(memorySet, memory, next, cancellationToken).ConfigureAwait(false);
        }

        Report(run, memory, problems, selection.Chosen?.Node.Name);
        Metrics(run, input, problems.Count == 0);
    }

    private static void Report(PromotionRun run, ReadinessMemory before, IReadOnlyList<Problem> problems, string? pick)
    {
        var known = before.Problems.ToHashSet(StringComparer.Ordinal);
        var fresh = problems.Where(p => !known.Contains(p.Key)).ToList();
        var pickText = pick is not null ? $"a promotion now would promote {pick}." : "a promotion now would be refused.";
        if (problems.Count == 0)
        {
            // Alerted once when it clears.
            run.Notify = before.Problems.Count > 0;
            run.End("ready", $"ready: {pickText}{(run.Notify ? $" Cleared: {string.Join(", ", before.Problems)}." : "")}");
            return;
        }

        run.Notify = fresh.Count > 0;
        var lines = problems.Select(p => $"{(known.Contains(p.Key) ? "" : "NEW: ")}{p.Text}");
        var cleared = before.Problems.Where(k => problems.All(p => p.Key != k)).ToList();
        run.End("not-ready", $"{problems.Count} problem(s); {pickText}\n{string.Join("\n", lines)}{(cleared.Count > 0 ? $"\nCleared: {string.Join(", ", cleared)}" : "")}");
    }

    private static async Task<(ReadinessInput Input, IReadOnlyList<string> Addresses)> ReadAsync(ClusterAccess access, Topology topology, long ttl, ReadinessMemory memory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var master = topology.Master;
        var addresses = TopologyReader.AddressesAsync(master.Host, cancellationToken);
        var probe = access.Database.ProbeAsync(master, cancellationToken);
        var replicas = access.Reader.ReadAsync(topology.Replicas, cancellationToken);
        var up = await probe.ConfigureAwait(false);
        var masterRead = up.Up ? await access.Reader.ReadAsync(master, cancellationToken).ConfigureAwait(false) : null;
        var reads = await replicas.ConfigureAwait(false);
        var reachable = reads.Where(r => r.State is not null).Select(r => r.Node).Concat(masterRead?.State is not null ? [master] : []).ToList();
        var grants = await Task.WhenAll(reachable.Select(async n =>
        {
            try
            {
                var rows = await access.Database.QueryAsync(n, StatementPlanner.OwnGrants, cancellationToken).ConfigureAwait(false);
                return (n.Name, Grants: (IReadOnlyList<string>)[.. rows.SelectMany(r => r.Values).OfType<string>()]);
            }
            catch (Exception ex) when (ex is DatabaseException or TimeoutException)
            {
                return (n.Name, Grants: (IReadOnlyList<string>)[]);
            }
        })).ConfigureAwait(false);
        var input = new ReadinessInput(topology, up.Up, up.Detail, masterRead?.State, [.. reads.Select(r => (r.Node, r.State, r.Error))],
            grants.ToDictionary(g => g.Name, g => g.Grants, StringComparer.Ordinal), ttl, memory, now);
        return (input, await addresses.ConfigureAwait(false));
    }

    /// <summary>
    /// Readiness per cluster; per replica its lag (while its SQL thread reports one) and its staleness: how long it has
    /// been seen not receiving from a master that answers (0 while it receives). Per server, IsMaster: 1 for the one
    /// the record points at.
    /// </summary>
    private void Metrics(PromotionRun run, ReadinessInput input, bool ready)
    {
        var cluster = new KeyValuePair<string, string>("Cluster", run.Cluster.Name);
        context.Metrics.WithDimensions(cluster).Add("PromotionReady", ready ? 1 : 0);
        foreach (var node in run.Cluster.Nodes)
        {
            context.Metrics.WithDimensions(cluster, new KeyValuePair<string, string>("Server", node.Name)).Add("IsMaster", node.Name == input.Topology.Master.Name ? 1 : 0);
        }

        foreach (var (node, state, _) in input.Replicas)
        {
            var replica = context.Metrics.WithDimensions(cluster, new KeyValuePair<string, string>("Replica", node.Name));
            if (state?.Replication?.SecondsBehind is { } behind)
            {
                replica.Add("ReplicaLagSeconds", behind, MetricUnit.Seconds);
            }

            replica.Add("ReplicaStaleSeconds", input.Memory.StoppedSince.TryGetValue(node.Name, out var since) ? Math.Max(0, (input.Now - since).TotalSeconds) : 0, MetricUnit.Seconds);
        }
    }
}
