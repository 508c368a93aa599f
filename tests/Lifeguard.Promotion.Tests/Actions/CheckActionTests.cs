using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Actions;

/// <summary>
/// The readiness check on a real cluster: each problem is reported once when it appears and once when it clears,
/// however often the check runs, and nothing on the servers changes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CheckActionTests(MotoFixture moto) : PromotionClusterTest(moto)
{
    private static PromotionEvent Check => Manual("""{"cluster": "shop", "action": "check"}""");

    [Fact]
    public async Task Check_HealthyCluster_IsReadySaysWhatItWouldPickAndSendsNothing()
    {
        var before = Topology();

        var report = await Handle(Check);

        Assert.True(report.Outcome == "ready", Describe(report));
        Assert.Contains("a promotion now would promote db2", report.Reason, StringComparison.Ordinal);
        Assert.Empty(Notifier.Sent);
        Assert.Equal(before, Topology());
    }

    [Fact]
    public async Task Check_Metrics_ReadinessWhichServerIsMasterAndEachReplicasLagAndStaleness()
    {
        using var output = new StringWriter();

        await Handle(Check, metrics: output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        double Value(string metric, string dimension, string server) =>
            Assert.Single(lines, l => l.TryGetProperty(metric, out _) && l.TryGetProperty(dimension, out var d) && d.GetString() == server).GetProperty(metric).GetDouble();
        Assert.Equal(1, Assert.Single(lines, l => l.TryGetProperty("PromotionReady", out _)).GetProperty("PromotionReady").GetDouble());
        Assert.Equal([1, 0, 0], new[] { "db1", "db2", "db3" }.Select(s => Value("IsMaster", "Server", s)));
        Assert.Equal([0, 0], new[] { "db2", "db3" }.Select(s => Value("ReplicaStaleSeconds", "Replica", s)));
        Assert.All(new[] { "db2", "db3" }, s => Assert.InRange(Value("ReplicaLagSeconds", "Replica", s), 0, 5));
        Assert.All(lines, l => Assert.Equal("shop", l.GetProperty("Cluster").GetString()));
    }

    [Fact]
    public async Task Check_BrokenReplication_ReportedOnceClearedOnce()
    {
        var db3 = Cluster.Replicas[1];
        db3.Sql("STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD = 'rotated-elsewhere'; START SLAVE;");
        await Task.Delay(1500);

        var broken = await Handle(Check);
        var again = await Handle(Check);

        Assert.True(broken.Outcome == "not-ready", Describe(broken));
        Assert.Contains("NEW: db3 is not replicating from the master since", broken.Reason, StringComparison.Ordinal);
        Assert.Contains("IO error 1045", broken.Reason, StringComparison.Ordinal);
        Assert.Equal("not-ready", again.Outcome);
        Assert.DoesNotContain("NEW:", again.Reason, StringComparison.Ordinal);
        Assert.Contains("NOT READY", Assert.Single(Notifier.Sent).Subject, StringComparison.Ordinal);

        db3.Sql($"STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD = '{MariaDbServer.ReplicationPassword}'; START SLAVE;");
        db3.WaitForApplied(Cluster.Master, TimeSpan.FromSeconds(20));
        var fixedReport = await Handle(Check);
        var quiet = await Handle(Check);

        Assert.True(fixedReport.Outcome == "ready", Describe(fixedReport));
        Assert.Equal(2, Notifier.Sent.Count);
        Assert.Contains("ready again", Notifier.Sent[1].Subject, StringComparison.Ordinal);
        Assert.Equal("ready", quiet.Outcome);
        Assert.Equal(2, Notifier.Sent.Count);
    }

    [Fact]
    public async Task Check_MissingPrivilege_ReportedOnceClearedOnce()
    {
        var db2 = Cluster.Replicas[0];
        db2.Sql("SET sql_log_bin = 0; REVOKE CREATE USER ON *.* FROM 'lifeguard'@'%';");

        var missing = await Handle(Check);
        Assert.True(missing.Outcome == "not-ready", Describe(missing));
        Assert.Contains("Lifeguard's admin user lacks CREATE USER on db2", missing.Reason, StringComparison.Ordinal);
        Assert.Equal("not-ready", (await Handle(Check)).Outcome);
        Assert.Single(Notifier.Sent);

        db2.Sql("SET sql_log_bin = 0; GRANT CREATE USER ON *.* TO 'lifeguard'@'%';");
        Assert.Equal("ready", (await Handle(Check)).Outcome);
        Assert.Equal(2, Notifier.Sent.Count);
    }

    [Fact]
    public async Task Check_LogSlaveUpdatesOff_ReportedOnceClearedOnce()
    {
        var db3 = Cluster.Replicas[1];
        await db3.KillAsync();
        await db3.RestartAsync("--log-slave-updates=0");
        db3.Sql("SET GLOBAL read_only = ON; START SLAVE;");

        var off = await Handle(Check);
        Assert.True(off.Outcome == "not-ready", Describe(off));
        Assert.Contains("db3 has log_slave_updates off", off.Reason, StringComparison.Ordinal);
        Assert.Equal("not-ready", (await Handle(Check)).Outcome);
        Assert.Single(Notifier.Sent);

        await db3.KillAsync();
        await db3.RestartAsync();
        db3.Sql("SET GLOBAL read_only = ON; START SLAVE;");
        db3.WaitForApplied(Cluster.Master, TimeSpan.FromSeconds(20));
        var on = await Handle(Check);
        Assert.True(on.Outcome == "ready", Describe(on));
        Assert.Equal(2, Notifier.Sent.Count);
    }
}
