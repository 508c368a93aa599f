using System.Text.RegularExpressions;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// The statements of each step, per dialect. MariaDB: SLAVE syntax, MASTER_GTID_WAIT, GTID by gtid_slave_pos. MySQL
/// 8.0.26+/8.4: REPLICA syntax, super_read_only, CHANGE REPLICATION SOURCE with GTID auto-position.
/// </summary>
public static partial class StatementPlanner
{
    public static SqlStatement Version { get; } = new("SELECT VERSION()");

    /// <summary>read_only, log_bin, log_slave_updates, super_read_only, the GTIDs in its binary log and applied by replication, and the net timeout, named alike in both dialects.</summary>
    public static SqlStatement Variables(Dialect dialect) => dialect == Dialect.MariaDb
        ? new("SELECT @@read_only AS read_only, @@log_bin AS log_bin, @@log_slave_updates AS log_replica_updates, 0 AS super_read_only, " +
            "@@gtid_binlog_pos AS executed_gtids, @@gtid_slave_pos AS replicated_gtids, @@slave_net_timeout AS net_timeout, @@gtid_strict_mode AS gtid_strict")
        : new("SELECT @@read_only AS read_only, @@log_bin AS log_bin, @@log_replica_updates AS log_replica_updates, @@super_read_only AS super_read_only, " +
            "@@gtid_executed AS executed_gtids, '' AS replicated_gtids, @@replica_net_timeout AS net_timeout, @@gtid_mode = 'ON' AS gtid_strict, @@server_uuid AS server_uuid");

    /// <summary>MariaDB: SHOW ALL SLAVES STATUS (it alone has the heartbeat count; the default connection is the one with no name). MySQL: SHOW REPLICA STATUS.</summary>
    public static SqlStatement ReplicationStatus(Dialect dialect) => new(dialect == Dialect.MariaDb ? "SHOW ALL SLAVES STATUS" : "SHOW REPLICA STATUS");

    /// <summary>MySQL's heartbeat count, which SHOW REPLICA STATUS does not show (MariaDB's is in its status row).</summary>
    public static SqlStatement? Heartbeats(Dialect dialect) => dialect == Dialect.MySql
        ? new("SELECT COUNT_RECEIVED_HEARTBEATS FROM performance_schema.replication_connection_status WHERE CHANNEL_NAME = ''")
        : null;

    /// <summary>Stops receiving from the master, so what it has received stays still while it is applied.</summary>
    public static SqlStatement StopReceiving(Dialect dialect) => new(dialect == Dialect.MariaDb ? "STOP SLAVE IO_THREAD" : "STOP REPLICA IO_THREAD");

    /// <summary>Undoes <see cref="StopReceiving"/> when the promotion is refused after it.</summary>
    public static SqlStatement ResumeReceiving(Dialect dialect) => new(dialect == Dialect.MariaDb ? "START SLAVE IO_THREAD" : "START REPLICA IO_THREAD");

    /// <summary>Waits, at most <paramref name="timeoutSeconds"/>, until everything <paramref name="status"/> says was received is applied.</summary>
    public static RelayWait WaitForApply(Dialect dialect, ReplicationStatus status, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.UsingGtid && status.ReceivedGtids.Length > 0)
        {
            var gtid = new Dictionary<string, object> { ["gtid"] = status.ReceivedGtids, ["timeout"] = timeoutSeconds };
            return dialect == Dialect.MariaDb
                ? new RelayWait(new SqlStatement("SELECT MASTER_GTID_WAIT(@gtid, @timeout)", gtid), ZeroOnly: false)
                : new RelayWait(new SqlStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(@gtid, @timeout)", gtid), ZeroOnly: true);
        }

        var position = new Dictionary<string, object> { ["file"] = status.Received.File, ["position"] = status.Received.Offset, ["timeout"] = timeoutSeconds };
        return new RelayWait(new SqlStatement(dialect == Dialect.MariaDb ? "SELECT MASTER_POS_WAIT(@file, @position, @timeout)" : "SELECT SOURCE_POS_WAIT(@file, @position, @timeout)", position), ZeroOnly: false);
    }

    /// <summary>Waits, at most <paramref name="timeoutSeconds"/>, until the replica has applied every transaction in <paramref name="gtids"/> (the old master's, after it was fenced).</summary>
    public static RelayWait WaitForGtids(Dialect dialect, string gtids, int timeoutSeconds)
    {
        var parameters = new Dictionary<string, object> { ["gtid"] = gtids, ["timeout"] = timeoutSeconds };
        return dialect == Dialect.MariaDb
            ? new RelayWait(new SqlStatement("SELECT MASTER_GTID_WAIT(@gtid, @timeout)", parameters), ZeroOnly: false)
            : new RelayWait(new SqlStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(@gtid, @timeout)", parameters), ZeroOnly: true);
    }

    /// <summary>MySQL: 1 when <c>@old</c> is a subset of <c>@new</c> (the old master has nothing the new one lacks).</summary>
    public static SqlStatement GtidSubset(string old, string @new) =>
        new("SELECT GTID_SUBSET(@old, @new)", new Dictionary<string, object> { ["old"] = old, ["new"] = @new });

    /// <summary>Writes back on at a server that was fenced for a switchover that did not happen.</summary>
    public static IReadOnlyList<SqlStatement> Unfence(Dialect dialect) => dialect == Dialect.MariaDb
        ? [new("SET GLOBAL read_only = OFF")]
        : [new("SET GLOBAL super_read_only = OFF"), new("SET GLOBAL read_only = OFF")];

    /// <summary>
    /// Before an old master replicates from the new one: MariaDB starts replication by GTID from gtid_slave_pos, which
    /// on a server that was a master is behind its own binary log, so it is set to what the server has (every domain:
    /// gtid_current_pos, not gtid_binlog_pos, which lacks domains only ever replicated).
    /// </summary>
    public static IReadOnlyList<SqlStatement> BeforeRejoin(Dialect dialect) => dialect == Dialect.MariaDb
        ? [new("SET GLOBAL gtid_slave_pos = @@gtid_current_pos")]
        : [];

    /// <summary>Replication stopped and forgotten (relay logs too), writes on.</summary>
    public static IReadOnlyList<SqlStatement> Promote(Dialect dialect) => dialect == Dialect.MariaDb
        ? [new("STOP SLAVE"), new("RESET SLAVE ALL"), new("SET GLOBAL read_only = OFF")]
        : [new("STOP REPLICA"), new("RESET REPLICA ALL"), new("SET GLOBAL super_read_only = OFF"), new("SET GLOBAL read_only = OFF")];

    /// <summary>
    /// The replication user exists with the secret's password and may replicate, made while the candidate is still a
    /// read-only replica and kept out of its binary log (so it adds no transaction of its own to its GTID position).
    /// The name is checked and written into the text (account names cannot be parameters); the password is a parameter.
    /// </summary>
    public static IReadOnlyList<SqlStatement> EnsureReplicationUser(string user, string password, Dialect dialect = Dialect.MariaDb)
    {
        var secret = new Dictionary<string, object> { ["password"] = password };
        var account = Account(user);
        return
        [
            // MySQL refuses account changes on a super_read_only server, SUPER or not; read_only stays on.
            .. dialect == Dialect.MySql ? [new SqlStatement("SET GLOBAL super_read_only = OFF")] : (SqlStatement[])[],
            new("SET SESSION sql_log_bin = 0"),
            new($"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY @password", secret),
            new($"ALTER USER {account} IDENTIFIED BY @password", secret),
            new($"GRANT REPLICATION SLAVE ON *.* TO {account}"),
        ];
    }

    /// <summary>The admin user's own grants, for the readiness check.</summary>
    public static SqlStatement OwnGrants { get; } = new("SHOW GRANTS");

    /// <summary>The replication user's grants, to verify before writes go on.</summary>
    public static SqlStatement ReplicationUserGrants(string user) => new($"SHOW GRANTS FOR {Account(user)}");

    /// <summary>True when the grants (one statement per row) let the user replicate.</summary>
    public static bool CanReplicate(IEnumerable<string> grants) =>
        grants.Any(g => g.Contains("REPLICATION SLAVE", StringComparison.OrdinalIgnoreCase) || g.Contains("ALL PRIVILEGES ON *.*", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An old master takes no more writes: MariaDB read_only; MySQL super_read_only (which sets read_only too). The
    /// global read lock it takes waits at most <paramref name="lockWaitSeconds"/>: a statement given up on must not
    /// go on waiting in the server (lock_wait_timeout defaults to a day) and make the server read only later.
    /// </summary>
    public static IReadOnlyList<SqlStatement> Fence(Dialect dialect, int lockWaitSeconds = 2) =>
    [
        new("SET SESSION lock_wait_timeout = @seconds", new Dictionary<string, object> { ["seconds"] = lockWaitSeconds }),
        new(dialect == Dialect.MariaDb ? "SET GLOBAL read_only = ON" : "SET GLOBAL super_read_only = ON"),
    ];

    /// <summary>
    /// The client connections to end when fencing: every one but this, the server's own threads and the replicas'
    /// binlog dumps (which carry the last transactions to them).
    /// </summary>
    public static SqlStatement ClientConnections { get; } = new(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND USER NOT IN ('system user', 'event_scheduler', 'unauthenticated user') " +
        "AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Killed', 'Slave_IO', 'Slave_SQL', 'Slave_worker')");

    public static SqlStatement Kill(long connection) => new("KILL CONNECTION @id", new Dictionary<string, object> { ["id"] = connection });

    /// <summary>Replicates from the new master by GTID, from wherever it had got to.</summary>
    public static IReadOnlyList<SqlStatement> Repoint(Dialect dialect, string host, int port, string user, string password)
    {
        var source = new Dictionary<string, object> { ["host"] = host, ["port"] = port, ["user"] = user, ["password"] = password };
        return dialect == Dialect.MariaDb
            ?
            [
                new("STOP SLAVE"),
                new("CHANGE MASTER TO MASTER_HOST = @host, MASTER_PORT = @port, MASTER_USER = @user, MASTER_PASSWORD = @password, MASTER_USE_GTID = slave_pos", source),
                new("START SLAVE"),
            ]
            :
            [
                new("STOP REPLICA"),
                new("CHANGE REPLICATION SOURCE TO SOURCE_HOST = @host, SOURCE_PORT = @port, SOURCE_USER = @user, SOURCE_PASSWORD = @password, SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1", source),
                new("START REPLICA"),
            ];
    }

    private static string Account(string user) => UserPattern().IsMatch(user)
        ? $"'{user}'@'%'"
        : throw new ArgumentException($"replicationUsername '{user}' must be 1-32 letters, digits or '_'.", nameof(user));

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex UserPattern();
}
