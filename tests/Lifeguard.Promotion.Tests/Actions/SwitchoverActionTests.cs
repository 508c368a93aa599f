using System.Globalization;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Actions;

/// <summary>Planned switchovers of a live master, with the application writing throughout.</summary>
[Trait("Category", "Integration")]
public sealed class SwitchoverActionTests(MotoFixture moto) : PromotionClusterTest(moto)
{
    [Fact]
    public async Task Switchover_WithWritesRunning_LosesNoWriteAndTheOldMasterReplicatesFromTheNewOne()
    {
        var (db1, db2, db3) = (Cluster.Master, Cluster.Replicas[0], Cluster.Replicas[1]);
        using var stop = new CancellationTokenSource();
        // The application: one order per statement, to db1 until it refuses, then to db2 (as it would after the record moves).
        var acknowledged = new List<int>();
        var onNewMaster = 0;
        var writer = Task.Run(async () =>
        {
            var target = db1;
            // Until told to stop and a few writes have landed on the new master (bounded by the ids).
            for (var id = 1000; id < 1400 && !(stop.IsCancellationRequested && onNewMaster >= 3); id++)
            {
                try
                {
                    Cluster.Write(id, 1, target);
                    acknowledged.Add(id);
                    onNewMaster += target == db2 ? 1 : 0;
                }
                catch (InvalidOperationException)
                {
                    target = db2;
                    await Task.Delay(50);
                }
            }
        });
        for (var wait = 0; wait < 100 && acknowledged.Count < 3; wait++)
        {
            await Task.Delay(100);
        }

        var report = await Handle(Manual("""{"cluster": "shop", "action": "switchover"}"""));
        await stop.CancelAsync();
        await writer;

        Assert.True(report.Outcome == "switched-over", Describe(report));
        Assert.Equal(("db1", "db2"), (report.OldMaster, report.NewMaster));
        Assert.Equal(db2.Host, await RecordValue());
        Assert.Equal("0", db2.Sql("SELECT @@read_only"));
        // Every write the application was told succeeded is on the new master.
        var present = db2.Sql($"SELECT COUNT(*) FROM app.orders WHERE id IN ({string.Join(",", acknowledged)})");
        Assert.Equal(acknowledged.Count.ToString(CultureInfo.InvariantCulture), present);
        Assert.True(onNewMaster >= 3 && acknowledged.Count > onNewMaster, $"{acknowledged.Count} writes, {onNewMaster} on the new master");
        // The old master is a replica of the new one, read only, and receives what is written there; db3 too.
        Assert.Equal("1", db1.Sql("SELECT @@read_only"));
        Assert.Equal(db2.Port.ToString(CultureInfo.InvariantCulture), db1.SlaveStatus("Master_Port"));
        Assert.Equal(db2.Port.ToString(CultureInfo.InvariantCulture), db3.SlaveStatus("Master_Port"));
        Cluster.Write(5000, 1, db2);
        db1.WaitForApplied(db2, TimeSpan.FromSeconds(20));
        db3.WaitForApplied(db2, TimeSpan.FromSeconds(30));
        Assert.Equal(MariaDbCluster.Orders(db2), MariaDbCluster.Orders(db1));
        Assert.DoesNotContain("quarantined", string.Join(" ", (await LockValues())!), StringComparison.Ordinal);
        Assert.Contains("switched over to db2", Assert.Single(Notifier.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switchover_CandidateCannotCatchUpInTime_EverythingIsPutBack()
    {
        // db3 applies 20 s late (within maxLagSeconds); it is asked for and given 1 s to apply the master's last writes.
        var (db1, db3) = (Cluster.Master, Cluster.Replicas[1]);
        db3.Sql("STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 20; START SLAVE;");
        Cluster.Write(51, 5);
        var policy = new PromotionPolicyConfig { ConnectTimeoutSeconds = 1, RelayApplyTimeoutSeconds = 1 };
        var before = Topology();

        var report = await Handle(Manual("""{"cluster": "shop", "action": "switchover", "replica": "db3"}"""), Config(policy));

        Assert.True(report.Outcome == "refused", Describe(report));
        Assert.Contains("takes writes again and nothing else was changed", report.Reason, StringComparison.Ordinal);
        Assert.Equal("0", db1.Sql("SELECT @@read_only"));
        Cluster.Write(100, 1);
        Assert.Equal(before, Topology());
        Assert.Equal(db1.Host, await RecordValue());
        Assert.Null(await LockValues());
    }

    [Fact]
    public async Task Switchover_DryRun_PlansAndChangesNothing()
    {
        var before = Topology();

        var report = await Handle(Manual("""{"cluster": "shop", "action": "switchover", "dryRun": true}"""));

        Assert.True(report.Outcome == "planned", Describe(report));
        Assert.StartsWith("would switch over from db1", report.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Topology());
        Assert.Empty(Notifier.Sent);
    }

    [Fact]
    public async Task Switchover_ThenTheNewMasterDies_FailsOverWithoutWaitingOutAnAntiFlapWindow()
    {
        // Route 53's rules by StrictRoute53: moto refuses to move a record back to a value it once held.
        var route53 = new StrictRoute53();
        route53.Put(new Lifeguard.Aws.Route53.ResourceRecordSet(RecordName, "A", 60, [Cluster.Master.Host]));
        Assert.Equal("switched-over", (await Handle(Manual("""{"cluster": "shop", "action": "switchover"}"""), route53: route53)).Outcome);
        Cluster.Replicas[1].WaitForApplied(Cluster.Replicas[0], TimeSpan.FromSeconds(30));
        Cluster.Master.WaitForApplied(Cluster.Replicas[0], TimeSpan.FromSeconds(30));
        await Cluster.Replicas[0].KillAsync();

        var report = await Handle(AlarmEvent("ALARM", "OK"), route53: route53);

        Assert.True(report.Outcome == "promoted", Describe(report));
        Assert.Equal("db2", report.OldMaster);
        Assert.True(report.NewMaster is "db1" or "db3", report.NewMaster);
    }
}
