using Lifeguard.Promotion.Configuration;
using Lifeguard.Promotion.Domain;
using Lifeguard.TestSupport;

namespace Lifeguard.Promotion.Tests.Actions;

/// <summary>
/// The watcher probes whichever server the record points at and promotes when it dies, without waiting for an alarm;
/// every kind of event is told once, however many rounds and minutes it lasts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WatchActionTests(MotoFixture moto) : PromotionClusterTest(moto)
{
    private static readonly PromotionPolicyConfig Fast = new() { ConnectTimeoutSeconds = 1, RelayApplyTimeoutSeconds = 10, WatchIntervalSeconds = 1 };

    private static PromotionEvent Watch => Manual("""{"cluster": "shop", "action": "watch"}""");

    [Fact]
    public async Task Watch_HealthyMaster_IsQuietAndChangesNothing()
    {
        var before = Topology();

        var report = await Handle(Watch, Config(Fast));

        Assert.True(report.Outcome == "watching", Describe(report));
        Assert.Empty(Notifier.Sent);
        Assert.Equal(before, Topology());
    }

    [Fact]
    public async Task Watch_MasterKilledDuringTheWatch_PromotesThenFollowsTheNewMasterQuietly()
    {
        // 100 s of invocation leave about 15 s of watching (the rest is kept for a promotion and the notification).
        var watching = Handle(Watch, Config(Fast), budget: TimeSpan.FromSeconds(100));
        await Task.Delay(2500);
        await Cluster.Master.KillAsync();

        var report = await watching;

        Assert.True(report.Outcome == "promoted", Describe(report));
        Assert.Equal("watcher", report.Trigger);
        Assert.Contains("does not answer twice", report.Steps.First(s => s.Name == "watch").Detail, StringComparison.Ordinal);
        Assert.Equal(Cluster.Replicas[0].Host, await RecordValue());
        Assert.Single(Notifier.Sent);

        // The next minute's watcher watches the new master, and has nothing to say.
        var next = await Handle(Watch, Config(Fast));
        Assert.True(next.Outcome == "watching", Describe(next));
        Assert.Equal("db2", next.OldMaster);
        Assert.Single(Notifier.Sent);
    }

    [Fact]
    public async Task Watch_MasterReadOnlyForManyRuns_AlertedOnceAndItsEndOnce()
    {
        Cluster.Master.Sql("SET GLOBAL read_only = ON");

        var first = await Handle(Watch, Config(Fast));
        var second = await Handle(Watch, Config(Fast));

        Assert.True(first.Outcome == "master-read-only", Describe(first));
        Assert.Equal("master-read-only", second.Outcome);
        Assert.Single(Notifier.Sent);

        Cluster.Master.Sql("SET GLOBAL read_only = OFF");
        var recovered = await Handle(Watch, Config(Fast));
        var quiet = await Handle(Watch, Config(Fast));

        Assert.True(recovered.Outcome == "recovered", Describe(recovered));
        Assert.Equal("watching", quiet.Outcome);
        Assert.Equal(2, Notifier.Sent.Count);
        Assert.Contains("healthy again", Notifier.Sent[1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_QuarantinedOldMasterComesBackWritable_IsFencedAndToldOnce()
    {
        await Cluster.Master.KillAsync();
        Assert.Equal("promoted", (await Handle(AlarmEvent("ALARM", "OK"), Config(Fast))).Outcome);
        // db1 restarts writable (its configuration lacks read_only=ON) and clients that still resolve it could write.
        await Cluster.Master.RestartAsync();
        Cluster.Master.Sql("SET GLOBAL read_only = OFF");

        var report = await Handle(Watch, Config(Fast));
        var next = await Handle(Watch, Config(Fast));

        Assert.True(report.Outcome == "old-master-fenced", Describe(report));
        Assert.Contains("db1 (", report.Reason, StringComparison.Ordinal);
        Assert.Contains("answered WRITABLE while quarantined", report.Reason, StringComparison.Ordinal);
        Assert.Equal("1", Cluster.Master.Sql("SELECT @@read_only"));
        Assert.Equal("watching", next.Outcome);
        Assert.Equal(2, Notifier.Sent.Count);
        Assert.Contains("came back WRITABLE", Notifier.Sent[1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WhileAPromotionRuns_SaysNothingOfTheReadOnlyMaster()
    {
        // A switchover in its fence: the master is read only on purpose, and the lock says a run is at work.
        Cluster.Master.Sql("SET GLOBAL read_only = ON");
        var now = TimeProvider.System.GetUtcNow();
        await WriteLockAsync(new PromotionLock(PromotionLock.Running, "req-switchover", now, now.AddMinutes(2), OldMaster: "db1"));

        var report = await Handle(Watch, Config(Fast));

        Assert.True(report.Outcome == "watching", Describe(report));
        Assert.Empty(Notifier.Sent);
    }

    [Fact]
    public async Task Watch_AfterAnInterruptedPromotion_NeverAdvisesUnfencingAndTellsHowToFinish()
    {
        Cluster.Master.Sql("SET GLOBAL read_only = ON");
        Cluster.Replicas[0].Sql("STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF;");
        var died = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        await WriteLockAsync(new PromotionLock(PromotionLock.Running, "req-died", died, died.AddMinutes(2), Candidate: "db2", OldMaster: "db1"));

        var first = await Handle(Watch, Config(Fast));
        var second = await Handle(Watch, Config(Fast));

        Assert.True(first.Outcome == "interrupted", Describe(first));
        Assert.Contains("Do not make db1 writable", first.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("read_only = OFF", first.Reason, StringComparison.Ordinal);
        Assert.Equal("interrupted", second.Outcome);
        Assert.Single(Notifier.Sent);

        // Finishing it by hand, as the message says, completes the promotion with db2.
        var finished = await Handle(Manual("""{"cluster": "shop", "force": ["master-answers"]}"""), Config(Fast));
        Assert.True(finished.Outcome == "promoted", Describe(finished));
        Assert.Equal("db2", finished.NewMaster);
        Assert.Equal(Cluster.Replicas[0].Host, await RecordValue());
    }

    private Task<Aws.Route53.ChangeInfo> WriteLockAsync(PromotionLock value) =>
        new Aws.Route53.Route53Client(Moto.Configuration()).ChangeResourceRecordSetsAsync(Zone,
            [new Aws.Route53.RecordChange(Aws.Route53.ChangeAction.Create, new Aws.Route53.ResourceRecordSet("_lifeguard-promotion." + RecordName, "TXT", 60, value.ToValues()))], null, CancellationToken.None);
}
