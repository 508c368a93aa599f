using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// Who is who in a cluster right now: the master is the server the record points at, whatever the configuration's
/// order; the old masters of past promotions are quarantined (neither replicas nor candidates) until released; every
/// other configured server is a replica.
/// </summary>
public sealed record Topology(NodeConfig Master, IReadOnlyList<NodeConfig> Replicas, IReadOnlyList<NodeConfig> Quarantined)
{
    /// <summary>The topology for the record's value, or null when the record holds none of the cluster's servers.</summary>
    public static Topology? From(ClusterConfig cluster, RecordValue value, IReadOnlyList<string>? quarantined)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(value);
        var master = cluster.Nodes.FirstOrDefault(n => value.Holds(n.Host));
        if (master is null)
        {
            return null;
        }

        var fenced = cluster.Nodes.Where(n => n != master && (quarantined ?? []).Contains(n.Name, StringComparer.Ordinal)).ToList();
        return new Topology(master, [.. cluster.Nodes.Where(n => n != master && !fenced.Contains(n))], fenced);
    }
}

/// <summary>The master record's single value and how the record compares hosts with it (trailing dots, case, address forms).</summary>
public sealed record RecordValue(string Value, Func<string, string, bool> Compare)
{
    public bool Holds(string host) => Compare(host, Value);
}
