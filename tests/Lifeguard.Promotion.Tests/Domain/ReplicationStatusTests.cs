using Lifeguard.Promotion.Domain;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class ReplicationStatusTests
{
    [Fact]
    public void FromRow_MariaDbSlaveStatus_ReadsTheMasterColumns()
    {
        var status = ReplicationStatus.FromRow(Dialect.MariaDb, new Dictionary<string, string?>
        {
            ["Master_Host"] = "10.0.0.1", ["Master_Port"] = "3306", ["Slave_IO_Running"] = "Connecting", ["Slave_SQL_Running"] = "Yes",
            ["Master_Log_File"] = "binlog.000012", ["Read_Master_Log_Pos"] = "4711", ["Relay_Master_Log_File"] = "binlog.000012",
            ["Exec_Master_Log_Pos"] = "4000", ["Seconds_Behind_Master"] = null, ["Last_IO_Error"] = "error reconnecting to master",
            ["Last_SQL_Error"] = "", ["Using_Gtid"] = "Slave_Pos", ["Gtid_IO_Pos"] = "0-1-42",
        });

        Assert.Equal(("10.0.0.1", 3306, "Connecting", true), (status.SourceHost, status.SourcePort, status.IoState, status.SqlRunning));
        Assert.Equal((new BinlogPosition("binlog.000012", 4711), new BinlogPosition("binlog.000012", 4000)), (status.Received, status.Applied));
        Assert.Equal((null, true, "0-1-42", false), (status.SecondsBehind, status.UsingGtid, status.ReceivedGtids, status.CaughtUp));
    }

    [Fact]
    public void FromRow_MySqlReplicaStatus_ReadsTheSourceColumns()
    {
        var status = ReplicationStatus.FromRow(Dialect.MySql, new Dictionary<string, string?>
        {
            ["Source_Host"] = "10.0.0.1", ["Source_Port"] = "3306", ["Replica_IO_Running"] = "Yes", ["Replica_SQL_Running"] = "Yes",
            ["Source_Log_File"] = "binlog.000003", ["Read_Source_Log_Pos"] = "900", ["Relay_Source_Log_File"] = "binlog.000003",
            ["Exec_Source_Log_Pos"] = "900", ["Seconds_Behind_Source"] = "0", ["Last_IO_Error"] = "", ["Last_SQL_Error"] = "",
            ["Auto_Position"] = "1", ["Retrieved_Gtid_Set"] = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2",
        });

        Assert.Equal((0L, true, true), (status.SecondsBehind, status.UsingGtid, status.CaughtUp));
        Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4e11fa47-71ca-11e1-9e33-c80aa9429562:1-2", status.ReceivedGtids);
    }

    [Fact]
    public void FromRow_MissingColumn_SaysWhich()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ReplicationStatus.FromRow(Dialect.MySql, new Dictionary<string, string?> { ["Master_Host"] = "x" }));

        Assert.Equal("SHOW REPLICA STATUS has no column Source_Host.", ex.Message);
    }
}
