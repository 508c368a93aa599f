using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Actions;

/// <summary>
/// A replica whose IO thread has been failing for a while (its replication password rotated) reports
/// Seconds_Behind_Master NULL like every replica of a dead master; the readiness check saw it stop, so a promotion
/// knows how stale it is.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StaleReplicaTests(MotoFixture moto) : PromotionClusterTest(moto, replicas: 2, lastReplicaDelaySeconds: 0)
{
    private static readonly PromotionPolicyConfig Policy = new() { ConnectTimeoutSeconds = 2, RelayApplyTimeoutSeconds = 10, MaxLagSeconds = 1 };

    [Fact]
    public async Task Alarm_EveryReplicaStale_RefusedNothingChangedAndTheReportSaysHowStale()
    {
        foreach (var replica in Cluster.Replicas)
        {
            replica.Sql("STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD = 'rotated-elsewhere'; START SLAVE;");
        }

        await Task.Delay(1500);
        Assert.Equal("not-ready", (await Handle(Manual("""{"cluster": "shop", "action": "check"}"""), Config(Policy))).Outcome);
        await Task.Delay(2500);
        for (var i = 0; i < 30; i++)
        {
            Cluster.Write(51 + i, 1);
        }

        await Cluster.Master.KillAsync();
        // By now their IO threads fail to connect like any replica of a dead master (error 2003, not 1045).
        await Task.Delay(2500);
        var before = Topology();

        var report = await Handle(AlarmEvent("ALARM", "OK"), Config(Policy));

        Assert.True(report.Outcome == "refused", Describe(report));
        Assert.Contains("db2: it stopped receiving from the master at ", report.Reason, StringComparison.Ordinal);
        Assert.Contains("s before the master failed (over maxLagSeconds 1) [stale]", report.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Topology());
        Assert.Equal(Cluster.Master.Host, await RecordValue());
    }

    [Fact]
    public async Task Alarm_OneStaleOneCurrent_TheCurrentOneIsPromotedAndTheStaleOneShownBehind()
    {
        var (db2, db3) = (Cluster.Replicas[0], Cluster.Replicas[1]);
        db2.Sql("STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD = 'rotated-elsewhere'; START SLAVE;");
        await Task.Delay(1500);
        await Handle(Manual("""{"cluster": "shop", "action": "check"}"""), Config(Policy));
        await Task.Delay(2500);
        for (var i = 0; i < 30; i++)
        {
            Cluster.Write(51 + i, 1);
        }

        db3.WaitForApplied(Cluster.Master, TimeSpan.FromSeconds(20));
        await Cluster.Master.KillAsync();
        await Task.Delay(2500);

        var report = await Handle(AlarmEvent("ALARM", "OK"), Config(Policy));

        Assert.True(report.Outcome == "promoted", Describe(report));
        Assert.Equal("db3", report.NewMaster);
        var stale = report.Replicas!.Single(v => v.Replica == "db2");
        Assert.False(stale.Eligible);
        Assert.Contains("[stale]", stale.Reason, StringComparison.Ordinal);
        Assert.EndsWith("30 transactions behind db3", stale.Reason, StringComparison.Ordinal);
        Assert.Equal("80:80", MariaDbCluster.Orders(db3));
        // db2, repointed with the secret's replication password, catches up from the new master.
        db2.WaitForApplied(db3, TimeSpan.FromSeconds(30));
        Assert.Equal("80:80", MariaDbCluster.Orders(db2));
    }
}
