using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>What a reachable server said about itself.</summary>
/// <param name="Replication">Null when no replication is configured on it.</param>
public sealed record NodeState(NodeConfig Node, ServerVersion Version, bool ReadOnly, bool LogBin, bool LogReplicaUpdates, ReplicationStatus? Replication)
{
    public bool ReplicatesFrom(NodeConfig master) =>
        Replication is { } r && r.SourcePort == master.Port && string.Equals(r.SourceHost.TrimEnd('.'), master.Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
