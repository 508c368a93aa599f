using System.Text.Json;
using Lifeguard.Aws.Route53;
using Lifeguard.Promotion.Configuration;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests;

/// <summary>
/// Promotions of real MariaDB clusters (a master and two replicas on loopback, the second applying 3 s late), with
/// the record, the lock and the secret in moto; Route 53's batch rules by <see cref="StrictRoute53"/> where two
/// invocations race, since moto lets a second CREATE through.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PromotionHandlerTests(MotoFixture moto) : PromotionClusterTest(moto)
{
    [Fact]
    public async Task Alarm_MasterKilled_PromotesTheUpToDateReplicaAndEverythingFollows()
    {
        var (master, db2, db3) = (Cluster.Master, Cluster.Replicas[0], Cluster.Replicas[1]);
        Cluster.Write(51, 10); // the last writes: db3 has them in its relay log, 3 s from applying them
        db2.WaitForApplied(master, TimeSpan.FromSeconds(20));
        await master.KillAsync();

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        Assert.True(report.Outcome == "promoted", Describe(report));
        Assert.Equal(("db1", "db2"), (report.OldMaster, report.NewMaster));
        Assert.Equal(PromotionRun.StepNames, report.Steps.Select(s => s.Name));
        Assert.All(report.Steps, s => Assert.Equal("ok", s.Outcome));
        // Every row committed before the kill is on the new master, and it takes the application's writes.
        Assert.Equal("60:60", MariaDbCluster.Orders(db2));
        Cluster.Write(61, 1, db2);
        Assert.Equal("0", db2.Sql("SELECT @@read_only"));
        Assert.Equal("", db2.Sql("SHOW SLAVE STATUS"));
        // The lagging replica now replicates from the new master and catches up, the write made there included.
        Assert.Equal(db2.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), db3.SlaveStatus("Master_Port"));
        db3.WaitForApplied(db2, TimeSpan.FromSeconds(30));
        Assert.Equal("61:61", MariaDbCluster.Orders(db3));
        // The record points at it; the operators were told, with the steps.
        Assert.Equal(db2.Host, await RecordValue());
        var sent = Assert.Single(Notifier.Sent);
        Assert.Contains("promoted db2", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("8. move-record: ok", sent.FullText, StringComparison.Ordinal);

        // The old master comes back (writable, as it was) and the alarm returns to OK: it is fenced.
        await master.RestartAsync();
        var fenced = await Handle(AlarmEvent("OK", "ALARM"));

        Assert.True(fenced.Outcome == "fenced", Describe(fenced));
        Assert.Equal("1", master.Sql("SELECT @@read_only"));
        var refused = Assert.Throws<InvalidOperationException>(() => Cluster.Write(1000, 1, master));
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);

        // The same alarm again changes nothing.
        var again = await Handle(AlarmEvent("ALARM", "OK"));
        Assert.True(again.Outcome == "already-promoted", Describe(again));
        Assert.Equal(db2.Host, await RecordValue());
    }

    [Fact]
    public async Task Alarm_MasterAlive_IsAFalseAlarmAndNothingChanges()
    {
        var before = Topology();

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        Assert.True(report.Outcome == "false-alarm", Describe(report));
        Assert.Equal(before, Topology());
        Assert.Equal(Cluster.Master.Host, await RecordValue());
        Assert.Contains("false alarm", Assert.Single(Notifier.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alarm_NoReplicaWithinTheLagPolicy_IsRefusedAndNothingChanges()
    {
        // Both replicas hold back what they received (db3 by a 60 s delay, db2 with its SQL thread stopped) and
        // the policy accepts no lag at all.
        Cluster.Replicas[0].Sql("STOP SLAVE SQL_THREAD");
        Cluster.Replicas[1].Sql("STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = 60; START SLAVE;");
        Cluster.Write(51, 5);
        await Task.Delay(1500);
        await Cluster.Master.KillAsync();
        var before = Topology();

        var report = await Handle(AlarmEvent("ALARM", "OK"), Config(policy: new PromotionPolicyConfig { MaxLagSeconds = 0, ConnectTimeoutSeconds = 1 }));

        Assert.True(report.Outcome == "refused", Describe(report));
        Assert.StartsWith("no replica can be promoted: db2: its SQL thread is stopped [sql-thread]; db3: ", report.Reason, StringComparison.Ordinal);
        Assert.Contains("db3: a delayed replica (SQL_Delay 60 s, over maxLagSeconds 0)", report.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Topology());
        Assert.Equal(Cluster.Master.Host, await RecordValue());
        Assert.Null(await LockValues());
    }

    [Fact]
    public async Task Alarm_TwoInvocationsAtOnce_OnlyOnePromotes()
    {
        await Cluster.Master.KillAsync();
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(RecordName, "A", 60, [Cluster.Master.Host]));

        var reports = await Task.WhenAll(Handle(AlarmEvent("ALARM", "OK"), route53: route53), Handle(AlarmEvent("ALARM", "OK"), route53: route53));

        Assert.Single(reports, r => r.Outcome == "promoted");
        var other = Assert.Single(reports, r => r.Outcome != "promoted");
        Assert.True(other.Outcome is "refused" or "already-promoted", Describe(other));
        Assert.Equal(Cluster.Replicas[0].Host, route53.Value(RecordName, "A"));
    }

    [Fact]
    public async Task Alarm_WrongPassword_FailsSayingSoAndNothingChanges()
    {
        await Moto.Boto3Async("""
            client("secretsmanager").put_secret_value(SecretId="lifeguard/shop", SecretString=json.dumps({"username": "lifeguard",
                "password": "not-the-password", "replicationUsername": "repl", "replicationPassword": "x"}))
            out(1)
            """);
        await Cluster.Master.KillAsync();
        var before = Topology();

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        // The replicas refuse the credentials: they are up, their state unknown, so nothing is promoted.
        Assert.True(report.Outcome == "refused", Describe(report));
        Assert.Contains("Access denied for user 'lifeguard'", report.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Topology());
        Assert.Equal(Cluster.Master.Host, await RecordValue());
    }

    [Fact]
    public async Task Alarm_AReplicaUnreachable_IsRefusedBecauseItsDataIsUnknown()
    {
        await Cluster.Master.KillAsync();
        await Cluster.Replicas[1].KillAsync();

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        Assert.True(report.Outcome == "refused", Describe(report));
        Assert.StartsWith("could not read db3 (127.0.0.23:", report.Reason, StringComparison.Ordinal);
        Assert.EndsWith("Its data may be newer than the others', so nothing was changed. To promote anyway, invoke by hand with \"force\": [\"unreadable-replica\"].", report.Reason, StringComparison.Ordinal);
        Assert.Equal("1", Cluster.Replicas[0].Sql("SELECT @@read_only"));
        Assert.Equal(Cluster.Master.Host, await RecordValue());
    }

    [Fact]
    public async Task Manual_DryRun_PlansAndChangesNothing()
    {
        await Cluster.Master.KillAsync();
        var before = Topology();

        var report = await Handle(new PromotionEvent { Cluster = "shop", DryRun = true });

        Assert.True(report.Outcome == "planned", Describe(report));
        Assert.Contains("would promote db2", report.Reason, StringComparison.Ordinal);
        Assert.Contains("RESET SLAVE ALL", report.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Topology());
        Assert.Equal(Cluster.Master.Host, await RecordValue());
        Assert.Empty(Notifier.Sent);
        Assert.Null(await LockValues());
    }

    [Fact]
    public async Task Alarm_MasterHung_IsPromotedOnlyOnceTheReplicasHaveLostItTooWithinTheirNetTimeout()
    {
        // SIGSTOP: the kernel still accepts connections, nothing answers, and the replicas keep their connections
        // until slave_net_timeout (4 s here, as recommended) passes without a heartbeat.
        Cluster.Master.Pause();

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        Assert.True(report.Outcome == "promoted", Describe(report));
        var confirm = report.Steps.Single(s => s.Name == "confirm-master-down");
        Assert.Contains("its replicas have lost it too", confirm.Detail, StringComparison.Ordinal);
        // (How long that takes is the bench's figure, not a timed assertion.)
        Assert.Equal(Cluster.Replicas[0].Host, await RecordValue());
        Cluster.Write(100, 1, Cluster.Replicas[0]);
    }

    [Theory]
    [InlineData("alarm-action.json", "false-alarm", "alarm shop-db-master-down (alarm action)")]
    [InlineData("alarm-state-change.json", "false-alarm", "alarm shop-db-master-down (EventBridge)")]
    [InlineData("manual-dry-run.json", "false-alarm", "manual")]
    [InlineData("manual-promotion.json", "false-alarm", "manual")]
    [InlineData("manual-fence.json", "ignored", "manual")]
    public async Task SampleEvents_EachIsAcceptedAndMapsToTheCluster(string file, string outcome, string trigger)
    {
        var input = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Events, "promotion", file)), PromotionJsonContext.Default.PromotionEvent)!;

        var report = await Handle(input);

        Assert.True(report.Outcome == outcome, Describe(report));
        Assert.Equal(("shop", trigger), (report.Cluster, report.Trigger));
        Assert.Equal(Cluster.Master.Host, await RecordValue());
    }

    [Fact]
    public async Task Alarm_AfterARunDiedHavingPromoted_ResumesWithItsCandidateInsteadOfMakingASecondMaster()
    {
        // A run took the lock, named db2, promoted it and died before repointing db3 and moving the record.
        var (master, db2, db3) = (Cluster.Master, Cluster.Replicas[0], Cluster.Replicas[1]);
        await master.KillAsync();
        db2.Sql("STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF;");
        var died = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        var crashed = new Lifeguard.Promotion.Domain.PromotionLock("running", "req-died", died, died.AddMinutes(2), Candidate: "db2", OldMaster: "db1");
        await new Route53Client(Moto.Configuration()).ChangeResourceRecordSetsAsync(Zone,
            [new RecordChange(ChangeAction.Create, new ResourceRecordSet("_lifeguard-promotion." + RecordName, "TXT", 60, crashed.ToValues()))], null, CancellationToken.None);

        var report = await Handle(AlarmEvent("ALARM", "OK"));

        Assert.True(report.Outcome == "promoted", Describe(report));
        Assert.Equal("db2", report.NewMaster);
        Assert.Equal("skipped", report.Steps.Single(s => s.Name == "apply-relay-log").Outcome);
        Assert.Equal(db2.Host, await RecordValue());
        Assert.Equal(db2.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), db3.SlaveStatus("Master_Port"));
        Assert.Equal("1", db3.Sql("SELECT @@read_only"));
    }

    [Fact]
    public async Task Alarm_BackToOkWithoutAPromotion_IsIgnored()
    {
        var report = await Handle(AlarmEvent("OK", "ALARM"));

        Assert.Equal("ignored", report.Outcome);
        Assert.Empty(Notifier.Sent);
    }
}
