using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Promotion.Domain;

/// <summary>What a reachable server said about itself.</summary>
/// <param name="ReadOnly">@@read_only.</param>
/// <param name="Replication">Null when no replication is configured on it.</param>
public sealed record NodeState(NodeConfig Node, ServerVersion Version, bool ReadOnly, bool LogBin, bool LogReplicaUpdates, ReplicationStatus? Replication)
{
    /// <summary>MySQL's @@super_read_only (MariaDB has none).</summary>
    public bool SuperReadOnly { get; init; }

    /// <summary>Every transaction in its binary log: MariaDB @@gtid_binlog_pos, MySQL @@gtid_executed.</summary>
    public string ExecutedGtids { get; init; } = "";

    /// <summary>MariaDB @@gtid_slave_pos: the last transaction applied by replication, per domain.</summary>
    public string ReplicatedGtids { get; init; } = "";

    /// <summary>MySQL's @@server_uuid, the source part of the GTIDs of transactions written on it.</summary>
    public string ServerUuid { get; init; } = "";

    /// <summary>MariaDB gtid_strict_mode (GTID comparisons by sequence number hold only with it); MySQL gtid_mode ON.</summary>
    public bool GtidStrict { get; init; } = true;

    /// <summary>@@slave_net_timeout / @@replica_net_timeout: how long a replica waits for news before it reconnects.</summary>
    public int NetTimeoutSeconds { get; init; }

    /// <summary>Takes no writes from anyone: MariaDB read_only; MySQL super_read_only (read_only alone lets SUPER users write).</summary>
    public bool Fenced => Version.Dialect == Dialect.MariaDb ? ReadOnly : SuperReadOnly;

    /// <summary>
    /// Whether it replicates from <paramref name="master"/>: the same port and the same host, by name (case and trailing
    /// dot aside) or by any address either resolves to.
    /// </summary>
    public bool ReplicatesFrom(NodeConfig master, IReadOnlyCollection<string> masterAddresses)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(masterAddresses);
        return Replication is { } r && r.SourcePort == master.Port &&
            (string.Equals(r.SourceHost.TrimEnd('.'), master.Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) || r.SourceAddresses.Any(masterAddresses.Contains));
    }

    /// <summary>Replication stopped by hand (both threads stopped, no error): left alone, never repointed.</summary>
    public bool StoppedOnPurpose => Replication is { IoState: "No", SqlRunning: false, LastIoError: "", LastSqlError: "" };

    /// <summary>
    /// Transactions written on it directly (errant). MariaDB: the domains in which its binary log is ahead of what
    /// replication applied. MySQL: what its gtid_executed has that neither the master's stream it received nor any of
    /// <paramref name="others"/> (the master's other replicas) has, as GTID_SUBTRACT would say.
    /// </summary>
    public IReadOnlyList<string> LocalTransactions(IEnumerable<NodeState>? others = null)
    {
        if (Replication is null)
        {
            return [];
        }

        if (Version.Dialect == Dialect.MariaDb)
        {
            return GtidPosition.Parse(ExecutedGtids).AheadOf(GtidPosition.Parse(ReplicatedGtids));
        }

        var known = (others ?? []).Where(o => o != this && o.Version.Dialect == Dialect.MySql)
            .SelectMany(o => new[] { GtidSet.Parse(o.ExecutedGtids), GtidSet.Parse(o.Replication?.ReceivedGtids) })
            .Append(GtidSet.Parse(Replication.ReceivedGtids));
        // Only its own server_uuid's transactions can be local writes (older ones may simply predate its relay log).
        return [.. GtidSet.Parse(ExecutedGtids).Missing(known).Where(m => ServerUuid.Length == 0 || m.StartsWith(ServerUuid + ":", StringComparison.OrdinalIgnoreCase))];
    }
}
