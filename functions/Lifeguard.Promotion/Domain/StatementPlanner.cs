using System.Text.RegularExpressions;

namespace Lifeguard.Promotion.Domain;

/// <summary>
/// The statements of each step, per dialect. MariaDB: SLAVE syntax, MASTER_GTID_WAIT, GTID by gtid_slave_pos. MySQL
/// 8.0.26+/8.4: REPLICA syntax, super_read_only, CHANGE REPLICATION SOURCE with GTID auto-position.
/// </summary>
public static partial class StatementPlanner
{
    public static SqlStatement Version { get; } = new("SELECT VERSION()");

    public static SqlStatement Variables(Dialect dialect) => dialect == Dialect.MariaDb
        ? new("SELECT @@read_only, @@log_bin, @@log_slave_updates")
        : new("SELECT @@read_only OR @@super_read_only, @@log_bin, @@log_replica_updates");

    public static SqlStatement ReplicationStatus(Dialect dialect) => new(dialect == Dialect.MariaDb ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS");

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

    /// <summary>Replication stopped and forgotten (relay logs too), writes on.</summary>
    public static IReadOnlyList<SqlStatement> Promote(Dialect dialect) => dialect == Dialect.MariaDb
        ? [new("STOP SLAVE"), new("RESET SLAVE ALL"), new("SET GLOBAL read_only = OFF")]
        : [new("STOP REPLICA"), new("RESET REPLICA ALL"), new("SET GLOBAL super_read_only = OFF"), new("SET GLOBAL read_only = OFF")];

    /// <summary>
    /// The replication user exists with the secret's password and may replicate. The name is checked and written into
    /// the text (account names cannot be parameters); the password is a parameter.
    /// </summary>
    public static IReadOnlyList<SqlStatement> EnsureReplicationUser(string user, string password)
    {
        if (!UserPattern().IsMatch(user))
        {
            throw new ArgumentException($"replicationUsername '{user}' must be 1-32 letters, digits or '_'.", nameof(user));
        }

        var secret = new Dictionary<string, object> { ["password"] = password };
        var account = $"'{user}'@'%'";
        return
        [
            new($"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY @password", secret),
            new($"ALTER USER {account} IDENTIFIED BY @password", secret),
            new($"GRANT REPLICATION SLAVE ON *.* TO {account}"),
        ];
    }

    /// <summary>An old master that answers again takes no more writes.</summary>
    public static IReadOnlyList<SqlStatement> Fence(Dialect dialect) => dialect == Dialect.MariaDb
        ? [new("SET GLOBAL read_only = ON")]
        : [new("SET GLOBAL super_read_only = ON")];

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

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex UserPattern();
}
