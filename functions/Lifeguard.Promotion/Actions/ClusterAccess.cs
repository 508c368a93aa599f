using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Actions;

/// <summary>One cluster's servers (as the secret's admin user), its record and its lock, opened once per run.</summary>
public sealed record ClusterAccess(ClusterConfig Cluster, TopologyReader Reader, ClusterCredentials Credentials, Route53RecordSwitcher Records, PromotionLockStore Locks)
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
        return new ClusterAccess(cluster, new TopologyReader(database), credentials, records, new PromotionLockStore(ports.Route53, records, cluster.Record));
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
