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

    public string LastSqlError { get; init; } = "";

    /// <summary>Replicating by GTID (MariaDB Using_Gtid not No; MySQL Auto_Position 1).</summary>
    public bool UsingGtid { get; init; }

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
            SqlDelay = row.TryGetValue("SQL_Delay", out var delay) && long.TryParse(delay, CultureInfo.InvariantCulture, out var d) ? d : 0,
            LastSqlError = Column("Last_SQL_Error"),
            UsingGtid = dialect == Dialect.MariaDb ? Column("Using_Gtid") is not ("" or "No") : Column("Auto_Position") == "1",
            ReceivedGtids = dialect == Dialect.MariaDb ? Column("Gtid_IO_Pos") : Column("Retrieved_Gtid_Set").ReplaceLineEndings(""),
        };
    }
}
