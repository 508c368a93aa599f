using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Actions;

/// <summary>One cluster's servers (as the secret's admin user), its record and its lock, opened once per run.</summary>
public sealed record ClusterAccess(ClusterConfig Cluster, TopologyReader Reader, ClusterCredentials Credentials, Route53RecordSwitcher Records, PromotionLockStore Locks, TxtRecordStore Readiness, TimeProvider Time)
{
    public IDatabase Database => Reader.Database;

    public static async Task<ClusterAccess> OpenAsync(ClusterConfig cluster, PromotionPorts ports, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(ports);
        var secret = await ports.Secrets.GetSecretValueAsync(cluster.SecretId, cancellationToken).ConfigureAwait(false);
        var credentials = ClusterCredentials.Parse(cluster.SecretId, secret.SecretString);
        var records = new Route53RecordSwitcher(ports.Route53, time);
        var database = ports.Database(credentials, TimeSpan.FromSeconds(cluster.Policy.ConnectTimeoutSeconds));
        return new ClusterAccess(cluster, new TopologyReader(database), credentials, records, new PromotionLockStore(ports.Route53, records, cluster.Record),
            new TxtRecordStore(ports.Route53, records, cluster.Record.ZoneId, cluster.Record.ReadinessName), time);
    }

    /// <summary>
    /// The lock, the memory and the topology they imply, as every action starts from them: the lock and the memory
    /// read side by side, then the master record (the lock's quarantine decides who is a replica).
    /// </summary>
    public async Task<ClusterState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var locking = Locks.ReadAsync(cancellationToken);
        var remembering = ReadMemoryAsync(cancellationToken);
        var (lockSet, held) = await locking.ConfigureAwait(false);
        var (memorySet, memory) = await remembering.ConfigureAwait(false);
        var (record, topology, problem) = await ReadTopologyAsync(held?.Quarantined, cancellationToken).ConfigureAwait(false);
        return new ClusterState(lockSet, held, memorySet, memory, record, topology, problem);
    }

    /// <summary>What the readiness check and the watcher remember, and the record as read (for the swap).</summary>
    public async Task<(ResourceRecordSet? Set, ReadinessMemory Memory)> ReadMemoryAsync(CancellationToken cancellationToken)
    {
        var set = await Readiness.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (set, ReadinessMemory.Parse(set?.Values));
    }

    /// <summary>Writes <paramref name="next"/> over <paramref name="set"/> when it differs from <paramref name="current"/>; false when another run changed it first.</summary>
    public Task<bool> RememberAsync(ResourceRecordSet? set, ReadinessMemory current, ReadinessMemory next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (next.SameAs(current) && set is not null)
        {
            return Task.FromResult(true);
        }

        var stamped = next with { Written = Time.GetUtcNow() };
        return Readiness.SwapAsync(set, stamped.ToValues(), "Lifeguard readiness", now => now is not null && ReadinessMemory.Parse(now.Values).SameAs(stamped), cancellationToken);
    }

    /// <summary>The master record as read, and the topology it implies (null, with the reason, when it names none of the servers).</summary>
    public async Task<(ResourceRecordSet? Record, Topology? Topology, string? Problem)> ReadTopologyAsync(IReadOnlyList<string>? quarantined, CancellationToken cancellationToken)
    {
        var record = await Records.ReadAsync(Cluster.Record.ZoneId, Cluster.Record.Name, Cluster.Record.Type, cancellationToken).ConfigureAwait(false);
        if (record is not { Values: [var value] })
        {
            return (record, null, record is null
                ? $"the record {Cluster.Record.Type} {Cluster.Record.Name} does not exist; Lifeguard moves it, it does not create it."
                : $"the record {Cluster.Record.Name} holds {string.Join(", ", record.Values)}, not one server; it is left alone.");
        }

        var topology = Topology.From(Cluster, new RecordValue(value, Cluster.Record.Holds), quarantined);
        return (record, topology, topology is null ? $"the record {Cluster.Record.Name} holds {value}, which is none of the cluster's servers; it is left alone." : null);
    }
}

/// <summary>A cluster as an action finds it: each record as read (for its compare-and-swap) and what it says.</summary>
/// <param name="Problem">Why <paramref name="Topology"/> is null: the master record names none of the servers.</param>
public sealed record ClusterState(ResourceRecordSet? LockSet, PromotionLock? Lock, ResourceRecordSet? MemorySet, ReadinessMemory Memory, ResourceRecordSet? Record, Topology? Topology, string? Problem);
