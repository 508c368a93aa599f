using Lifeguard.Promotion.Configuration;
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
}
