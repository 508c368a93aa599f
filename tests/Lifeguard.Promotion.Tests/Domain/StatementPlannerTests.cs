using Lifeguard.Promotion.Domain;
using static Lifeguard.Promotion.Tests.Domain.Replicas;

namespace Lifeguard.Promotion.Tests.Domain;

public sealed class StatementPlannerTests
{
    [Theory]
    [InlineData(Dialect.MariaDb, "STOP SLAVE|RESET SLAVE ALL|SET GLOBAL read_only = OFF")]
    [InlineData(Dialect.MySql, "STOP REPLICA|RESET REPLICA ALL|SET GLOBAL super_read_only = OFF|SET GLOBAL read_only = OFF")]
    public void Promote_StopsForgetsAndTurnsWritesOnInOrder(Dialect dialect, string expected)
    {
        Assert.Equal(expected, Texts(StatementPlanner.Promote(dialect)));
    }

    [Theory]
    [InlineData(Dialect.MariaDb, "SET SESSION lock_wait_timeout = @seconds|SET GLOBAL read_only = ON")]
    [InlineData(Dialect.MySql, "SET SESSION lock_wait_timeout = @seconds|SET GLOBAL super_read_only = ON")]
    public void Fence_TurnsWritesOff(Dialect dialect, string expected)
    {
        Assert.Equal(expected, Texts(StatementPlanner.Fence(dialect)));
    }

    [Theory]
    [InlineData(Dialect.MariaDb, "STOP SLAVE|CHANGE MASTER TO MASTER_HOST = @host, MASTER_PORT = @port, MASTER_USER = @user, MASTER_PASSWORD = @password, MASTER_USE_GTID = slave_pos|START SLAVE")]
    [InlineData(Dialect.MySql, "STOP REPLICA|CHANGE REPLICATION SOURCE TO SOURCE_HOST = @host, SOURCE_PORT = @port, SOURCE_USER = @user, SOURCE_PASSWORD = @password, SOURCE_AUTO_POSITION = 1, GET_SOURCE_PUBLIC_KEY = 1|START REPLICA")]
    public void Repoint_ByGtidWithTheValuesAsParameters(Dialect dialect, string expected)
    {
        var statements = StatementPlanner.Repoint(dialect, "10.0.0.3", 3307, "repl", "s3cret");

        Assert.Equal(expected, Texts(statements));
        Assert.DoesNotContain(statements, s => s.Text.Contains("s3cret", StringComparison.Ordinal));
        Assert.Equal(3307, statements[1].Parameters!["port"]);
        Assert.Equal("s3cret", statements[1].Parameters!["password"]);
    }

    [Theory]
    [InlineData(Dialect.MariaDb, true, "SELECT MASTER_GTID_WAIT(@gtid, @timeout)")]
    [InlineData(Dialect.MariaDb, false, "SELECT MASTER_POS_WAIT(@file, @position, @timeout)")]
    [InlineData(Dialect.MySql, true, "SELECT WAIT_FOR_EXECUTED_GTID_SET(@gtid, @timeout)")]
    [InlineData(Dialect.MySql, false, "SELECT SOURCE_POS_WAIT(@file, @position, @timeout)")]
    public void WaitForApply_ByGtidWhenReplicatingByGtidElseByPosition(Dialect dialect, bool gtid, string expected)
    {
        var status = Replica(Node("db2"), 1234).Replication! with { UsingGtid = gtid };

        var wait = StatementPlanner.WaitForApply(dialect, status, 20);

        Assert.Equal(expected, wait.Statement.Text);
        Assert.Equal(20, wait.Statement.Parameters!["timeout"]);
        Assert.Equal(gtid ? "0-1-1234" : "binlog.000003", wait.Statement.Parameters.TryGetValue("gtid", out var g) ? g : wait.Statement.Parameters["file"]);
    }

    [Theory]
    [InlineData(Dialect.MariaDb, true, 0L, true)]
    [InlineData(Dialect.MariaDb, true, -1L, false)]
    [InlineData(Dialect.MariaDb, false, 3L, true)]
    [InlineData(Dialect.MariaDb, false, null, false)]
    [InlineData(Dialect.MySql, true, 0L, true)]
    [InlineData(Dialect.MySql, true, 1L, false)]
    [InlineData(Dialect.MySql, false, -1L, false)]
    public void WaitForApply_ReadsEachFunctionsAnswer(Dialect dialect, bool gtid, long? answer, bool applied)
    {
        var status = Replica(Node("db2"), 1234).Replication! with { UsingGtid = gtid };

        Assert.Equal(applied, StatementPlanner.WaitForApply(dialect, status, 20).Succeeded(answer));
    }

    [Fact]
    public void EnsureReplicationUser_CreatesSetsThePasswordAndGrants()
    {
        var statements = StatementPlanner.EnsureReplicationUser("repl", "p'w");

        // Kept out of the binary log: the candidate gains no transaction of its own (an errant GTID) by it.
        Assert.Equal("SET SESSION sql_log_bin = 0|CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY @password|ALTER USER 'repl'@'%' IDENTIFIED BY @password|GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'", Texts(statements));
        Assert.Equal("p'w", statements[1].Parameters!["password"]);
    }

    [Theory]
    [InlineData("repl'@'%' IDENTIFIED BY 'x'; DROP DATABASE app; --")]
    [InlineData("")]
    [InlineData("a-very-long-replication-user-name-over-32")]
    public void EnsureReplicationUser_NameThatIsNotPlain_IsRefused(string user)
    {
        var ex = Assert.Throws<ArgumentException>(() => StatementPlanner.EnsureReplicationUser(user, "pw"));

        Assert.StartsWith("replicationUsername", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Dialect.MariaDb, "SHOW ALL SLAVES STATUS", "STOP SLAVE IO_THREAD", "START SLAVE IO_THREAD")]
    [InlineData(Dialect.MySql, "SHOW REPLICA STATUS", "STOP REPLICA IO_THREAD", "START REPLICA IO_THREAD")]
    public void StatusAndReceiving_PerDialect(Dialect dialect, string status, string stop, string start)
    {
        Assert.Equal(status, StatementPlanner.ReplicationStatus(dialect).Text);
        Assert.Equal(stop, StatementPlanner.StopReceiving(dialect).Text);
        Assert.Equal(start, StatementPlanner.ResumeReceiving(dialect).Text);
    }

    private static string Texts(IEnumerable<SqlStatement> statements) => string.Join("|", statements.Select(s => s.Text));

    [Theory]
    [InlineData(Dialect.MariaDb, "SET SESSION lock_wait_timeout = @seconds|SET GLOBAL read_only = ON")]
    [InlineData(Dialect.MySql, "SET SESSION lock_wait_timeout = @seconds|SET GLOBAL super_read_only = ON")]
    public void Fence_PerDialect_MySqlUsesSuperReadOnlyWhichStopsSuperUsersToo(Dialect dialect, string fence)
    {
        Assert.Equal(fence, Texts(StatementPlanner.Fence(dialect)));
    }

    [Fact]
    public void EnsureReplicationUser_MySql_LiftsSuperReadOnlyFirstWhichRefusesAccountChangesEvenToSuper()
    {
        Assert.StartsWith("SET GLOBAL super_read_only = OFF|SET SESSION sql_log_bin = 0|CREATE USER", Texts(StatementPlanner.EnsureReplicationUser("repl", "x", Dialect.MySql)), StringComparison.Ordinal);
    }

    [Fact]
    public void BeforeRejoin_MariaDb_StartsFromEveryDomainTheServerHas()
    {
        Assert.Equal("SET GLOBAL gtid_slave_pos = @@gtid_current_pos", Texts(StatementPlanner.BeforeRejoin(Dialect.MariaDb)));
        Assert.Empty(StatementPlanner.BeforeRejoin(Dialect.MySql));
        Assert.Equal("SELECT GTID_SUBSET(@old, @new)", StatementPlanner.GtidSubset("a:1-5", "a:1-9").Text);
        Assert.True(StatementPlanner.WaitForGtids(Dialect.MySql, "a:1-5", 3).ZeroOnly);
        Assert.Equal("SELECT MASTER_GTID_WAIT(@gtid, @timeout)", StatementPlanner.WaitForGtids(Dialect.MariaDb, "0-1-5", 3).Statement.Text);
    }

    [Fact]
    public void Variables_MySql_ReadsSuperReadOnlyTheExecutedGtidsAndTheReplicaNetTimeout()
    {
        var text = StatementPlanner.Variables(Dialect.MySql).Text;

        Assert.Contains("@@super_read_only AS super_read_only", text, StringComparison.Ordinal);
        Assert.Contains("@@gtid_executed AS executed_gtids", text, StringComparison.Ordinal);
        Assert.Contains("@@replica_net_timeout AS net_timeout", text, StringComparison.Ordinal);
        Assert.Contains("@@server_uuid AS server_uuid", text, StringComparison.Ordinal);
        Assert.Contains("@@log_replica_updates AS log_replica_updates", text, StringComparison.Ordinal);
        Assert.Contains("performance_schema.replication_connection_status", StatementPlanner.Heartbeats(Dialect.MySql)!.Text, StringComparison.Ordinal);
        Assert.Null(StatementPlanner.Heartbeats(Dialect.MariaDb));
    }

    [Fact]
    public void ClientConnections_LeaveTheReplicasBinlogDumpsAndTheServersOwnThreads()
    {
        var text = StatementPlanner.ClientConnections.Text;

        Assert.Contains("ID <> CONNECTION_ID()", text, StringComparison.Ordinal);
        Assert.Contains("'Binlog Dump GTID'", text, StringComparison.Ordinal);
        Assert.Contains("'system user'", text, StringComparison.Ordinal);
        Assert.Equal("KILL CONNECTION @id", StatementPlanner.Kill(42).Text);
    }

    [Theory]
    [InlineData("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%` IDENTIFIED BY PASSWORD '*A1'", true)]
    [InlineData("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`", true)]
    [InlineData("GRANT USAGE ON *.* TO `repl`@`%`", false)]
    public void CanReplicate_ReadsTheGrants(string grant, bool can)
    {
        Assert.Equal(can, StatementPlanner.CanReplicate([grant]));
    }
}
