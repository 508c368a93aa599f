using System.Globalization;

namespace Lifeguard.Promotion.Domain;

/// <summary>One replica's SHOW SLAVE STATUS (MariaDB) or SHOW REPLICA STATUS (MySQL), in one vocabulary.</summary>
public sealed record ReplicationStatus
{
    public required string SourceHost { get; init; }

    public required int SourcePort { get; init; }

    /// <summary>Yes, No or Connecting (the master went away and it is retrying).</summary>
    public required string IoState { get; init; }

    public required bool SqlRunning { get; init; }

    /// <summary>How far it has received the master's binary log.</summary>
    public required BinlogPosition Received { get; init; }

    /// <summary>How far it has applied it.</summary>
    public required BinlogPosition Applied { get; init; }

    /// <summary>Null when the server does not know (SQL thread stopped, or all applied and the master unreachable).</summary>
    public long? SecondsBehind { get; init; }

    public string LastIoError { get; init; } = "";

    /// <summary>The IO thread's last error number (2003 cannot connect, 2013 lost the connection, 1045 access denied...), 0 for none.</summary>
    public int LastIoErrno { get; init; }

    /// <summary>Heartbeats received from the master so far (MariaDB Slave_received_heartbeats; MySQL COUNT_RECEIVED_HEARTBEATS); null when unknown.</summary>
    public long? HeartbeatsReceived { get; init; }

    /// <summary>Seconds between the master's heartbeats (0: none).</summary>
    public double HeartbeatPeriod { get; init; }

    /// <summary>Seconds between the IO thread's reconnection attempts (MASTER_CONNECT_RETRY).</summary>
    public int ConnectRetry { get; init; }

    /// <summary>The addresses <see cref="SourceHost"/> resolves to (filled in by the reader).</summary>
    public IReadOnlyList<string> SourceAddresses { get; init; } = [];

    /// <summary>True while the IO thread is connected and receiving (not retrying, not stopped).</summary>
    public bool Receiving => IoState == "Yes";

    /// <summary>
    /// The IO thread's last error is about reaching the master (refused, unreachable, lost, timed out), which is what a
    /// master failure causes; any other (access denied, a missing binary log) stopped it for a reason of its own.
    /// </summary>
    public bool LastIoErrorIsNetwork => LastIoErrno is 0 or 2002 or 2003 or 2005 or 2006 or 2013 or 2026 or 2055 or 1158 or 1159 or 1160 or 1161 or 1040 or 1053 or 1152;

    public string LastSqlError { get; init; } = "";

    /// <summary>Replicating by GTID (MariaDB Using_Gtid not No; MySQL Auto_Position 1).</summary>
    public bool UsingGtid { get; init; }

    /// <summary>MariaDB's Using_Gtid (Slave_Pos, Current_Pos or No); MySQL "Auto_Position" or "No".</summary>
    public string GtidMode { get; init; } = "";

    /// <summary>GTIDs received: MariaDB Gtid_IO_Pos, MySQL Retrieved_Gtid_Set.</summary>
    public string ReceivedGtids { get; init; } = "";

    /// <summary>A delayed replica's configured delay (MASTER_DELAY / SOURCE_DELAY), in seconds.</summary>
    public long SqlDelay { get; init; }

    /// <summary>True when it has applied everything it received.</summary>
    public bool CaughtUp => Applied >= Received;

    /// <summary>The status row, by column name; throws naming a missing column.</summary>
    public static ReplicationStatus FromRow(Dialect dialect, IReadOnlyDictionary<string, string?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (source, replica) = dialect == Dialect.MariaDb ? ("Master", "Slave") : ("Source", "Replica");
        string Column(string name) => row.TryGetValue(name, out var value)
            ? value ?? ""
            : throw new InvalidOperationException($"SHOW {replica.ToUpperInvariant()} STATUS has no column {name}.");
        long Number(string name) => long.Parse(Column(name), CultureInfo.InvariantCulture);
        return new ReplicationStatus
        {
            SourceHost = Column($"{source}_Host"),
            SourcePort = (int)Number($"{source}_Port"),
            IoState = Column($"{replica}_IO_Running"),
            SqlRunning = Column($"{replica}_SQL_Running") == "Yes",
            Received = new BinlogPosition(Column($"{source}_Log_File"), Number($"Read_{source}_Log_Pos")),
            Applied = new BinlogPosition(Column($"Relay_{source}_Log_File"), Number($"Exec_{source}_Log_Pos")),
            SecondsBehind = Column($"Seconds_Behind_{source}") is { Length: > 0 } behind ? long.Parse(behind, CultureInfo.InvariantCulture) : null,
            LastIoError = Column("Last_IO_Error"),
            LastIoErrno = row.TryGetValue("Last_IO_Errno", out var errno) && int.TryParse(errno, CultureInfo.InvariantCulture, out var e) ? e : 0,
            HeartbeatsReceived = row.TryGetValue("Slave_received_heartbeats", out var beats) && long.TryParse(beats, CultureInfo.InvariantCulture, out var b) ? b : null,
            HeartbeatPeriod = row.TryGetValue("Slave_heartbeat_period", out var period) && double.TryParse(period, CultureInfo.InvariantCulture, out var p) ? p : 0,
            ConnectRetry = row.TryGetValue("Connect_Retry", out var retry) && int.TryParse(retry, CultureInfo.InvariantCulture, out var c) ? c : 0,
            SqlDelay = row.TryGetValue("SQL_Delay", out var delay) && long.TryParse(delay, CultureInfo.InvariantCulture, out var d) ? d : 0,
            LastSqlError = Column("Last_SQL_Error"),
            UsingGtid = dialect == Dialect.MariaDb ? Column("Using_Gtid") is not ("" or "No") : Column("Auto_Position") == "1",
            GtidMode = dialect == Dialect.MariaDb ? Column("Using_Gtid") : Column("Auto_Position") == "1" ? "Auto_Position" : "No",
            ReceivedGtids = dialect == Dialect.MariaDb ? Column("Gtid_IO_Pos") : Column("Retrieved_Gtid_Set").ReplaceLineEndings(""),
        };
    }
}
