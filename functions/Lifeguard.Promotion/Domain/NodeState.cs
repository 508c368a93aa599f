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
    /// MariaDB: the domains in which its binary log is ahead of what replication applied, that is transactions written
    /// on it directly (errant). Empty when there are none or the dialect compares elsewhere (MySQL: GTID_SUBTRACT).
    /// </summary>
    public IReadOnlyList<string> LocalTransactions() => Version.Dialect == Dialect.MariaDb && Replication is not null
        ? GtidPosition.Parse(ExecutedGtids).AheadOf(GtidPosition.Parse(ReplicatedGtids))
        : [];
}
