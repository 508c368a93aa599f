using Lifeguard.Promotion.Adapters;
using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Adapters;

/// <summary><see cref="MySqlDatabase"/> against a real MariaDB master and replica.</summary>
[Trait("Category", "Integration")]
public sealed class MySqlDatabaseMariaDbTests(ReplicaPairFixture pair) : IClassFixture<ReplicaPairFixture>
{
    private MariaDbServer Master => pair.Cluster.Master;

    private MariaDbServer Replica => pair.Cluster.Replicas[0];

    [Fact]
    public async Task ProbeAsync_RunningServer_Answers()
    {
        var probe = await CreateSut().ProbeAsync(Node(Master), CancellationToken.None);

        Assert.Equal(new Probe(true, "answers"), probe);
    }

    [Fact]
    public async Task ProbeAsync_WrongPassword_ThrowsSayingSoWithoutThePassword()
    {
        var sut = new MySqlDatabase(MariaDbServer.AdminUser, "not-the-password", TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<DatabaseException>(() => sut.ProbeAsync(Node(Master), CancellationToken.None));

        Assert.Contains("Access denied for user 'lifeguard'", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("refuses Lifeguard's credentials: fix the secret.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStateAsync_Replica_ReadsItsVariablesAndReplicationStatus()
    {
        // MariaDB 10.6+ sends SHOW SLAVE STATUS in utf8mb3, which MySql.Data could not read.
        var state = await CreateSut().ReadStateAsync(Node(Replica), CancellationToken.None);

        Assert.Equal(Dialect.MariaDb, state.Version.Dialect);
        Assert.Equal((true, true, true), (state.ReadOnly, state.LogBin, state.LogReplicaUpdates));
        Assert.True(state.ReplicatesFrom(Node(Master), [Master.Host]), $"{state.Replication}");
        Assert.True(state.Replication!.UsingGtid);
        // What detection and staleness read: the heartbeat count and period, the reconnect interval, the GTID positions.
        Assert.True(state.Replication.Receiving, state.Replication.IoState);
        Assert.NotNull(state.Replication.HeartbeatsReceived);
        Assert.True(state.Replication.HeartbeatPeriod > 0, $"{state.Replication.HeartbeatPeriod}");
        Assert.Equal(1, state.Replication.ConnectRetry);
        Assert.Equal(Master.Sql("SELECT @@gtid_binlog_pos"), state.ReplicatedGtids);
        Assert.Empty(state.LocalTransactions());
    }

    [Fact]
    public async Task ReadStateAsync_Master_IsWritableAndReplicatesFromNobody()
    {
        var state = await CreateSut().ReadStateAsync(Node(Master), CancellationToken.None);

        Assert.False(state.ReadOnly);
        Assert.Null(state.Replication);
    }

    [Fact]
    public async Task ExecuteAsync_PasswordWithQuotes_IsBoundAsAParameter()
    {
        // The account ('user'@'%') is in the text and must not be taken for a parameter; the password is one.
        const string user = "lg_param_check", secret = "it's a \"secret\" \\ @password";
        // CREATE USER and GRANT write the privilege tables: on a loaded CI machine they may take over the 1 s the
        // read-only tests give a statement, and timing is not what this test is about.
        await new MySqlDatabase(MariaDbServer.AdminUser, MariaDbServer.AdminPassword, TimeSpan.FromSeconds(5))
            .ExecuteAsync(Node(Master), StatementPlanner.EnsureReplicationUser(user, secret), CancellationToken.None);

        var probe = await new MySqlDatabase(user, secret, TimeSpan.FromSeconds(2)).ProbeAsync(Node(Master), CancellationToken.None);

        Assert.True(probe.Up, probe.Detail);
    }

    [Fact]
    public async Task ExecuteAsync_ServerError_NamesTheServerAndTheStatementNeverThePassword()
    {
        var statement = new SqlStatement("ALTER USER 'lg_nobody'@'%' IDENTIFIED BY @password", new Dictionary<string, object> { ["password"] = "hidden-secret-1" });

        var ex = await Assert.ThrowsAsync<DatabaseException>(() => CreateSut().ExecuteAsync(Node(Master), [statement], CancellationToken.None));

        Assert.StartsWith($"{Node(Master)}: ALTER USER 'lg_nobody'@'%' IDENTIFIED BY @password: ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(error 1396)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-secret-1", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalarAsync_AnswerWithinTheExtraTime_IsTheNumber()
    {
        var statement = new SqlStatement("SELECT SLEEP(@seconds) + @n", new Dictionary<string, object> { ["seconds"] = 1.5, ["n"] = 41 });

        var answer = await CreateSut().ScalarAsync(Node(Master), statement, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(41, answer);
    }

    [Fact]
    public async Task ScalarAsync_Null_IsNull()
    {
        var answer = await CreateSut().ScalarAsync(Node(Master), new SqlStatement("SELECT NULL"), TimeSpan.Zero, CancellationToken.None);

        Assert.Null(answer);
    }

    [Fact]
    public async Task ScalarAsync_StatementOutlivesItsTimeout_IsNoAnswer()
    {
        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            CreateSut().ScalarAsync(Node(Master), new SqlStatement("SELECT SLEEP(30)"), TimeSpan.Zero, CancellationToken.None));

        Assert.Equal($"{Node(Master)}: SELECT SLEEP(30): no answer within 1 s", ex.Message);
    }

    [Fact]
    public async Task ScalarAsync_Cancelled_EndsAsCancelledAndTheServerStopsTheStatement()
    {
        using var cancellation = new CancellationTokenSource();
        var call = CreateSut().ScalarAsync(Node(Master), new SqlStatement("SELECT SLEEP(60) + 0 AS lg_cancel_check"), TimeSpan.FromSeconds(90), cancellation.Token);
        await Poll.UntilAsync(() => Master.RunningStatements("lg_cancel_check") > 0, "the statement to run");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Poll.UntilAsync(() => Master.RunningStatements("lg_cancel_check") == 0, "the server to stop the cancelled statement");
    }

    private static MySqlDatabase CreateSut() => new(MariaDbServer.AdminUser, MariaDbServer.AdminPassword, TimeSpan.FromSeconds(1));

    private static NodeConfig Node(MariaDbServer server) => new() { Name = server.Name, Host = server.Host, Port = server.Port };
}
