using Lifeguard.Aws;
using Lifeguard.Aws.Route53;
using Lifeguard.Failover.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Failover.Tests.Adapters;

/// <summary>The compare-and-swap against moto's Route 53, with boto3 playing the other checker.</summary>
[Trait("Category", "Integration")]
public sealed class Route53RecordSwitcherTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Name = "lb.example.com.";

    [Fact]
    public async Task SwitchAsync_RecordAsRead_MovesItAndWaitsForInSync()
    {
        var zone = await CreateZoneAsync("192.0.2.1");
        var switcher = CreateSut();
        var current = (await switcher.ReadAsync(zone, "lb.example.com", "A", CancellationToken.None))!;

        var outcome = await switcher.SwitchAsync(Record(zone, waitForInSync: true), current, "192.0.2.2", CancellationToken.None);

        Assert.Equal(new SwitchOutcome(SwitchResult.Switched, "192.0.2.2", InSync: true), outcome);
        Assert.Equal("192.0.2.2", await ValueAsync(zone));
    }

    /// <summary>moto ignores the values of a DELETE, so the races run against Route 53's documented semantics.</summary>
    [Fact]
    public async Task SwitchAsync_SomeoneElseMovedItElsewhere_ChangesNothingAndSaysConflict()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var stale = (await switcher.ReadAsync("Z1", Name, "A", CancellationToken.None))!;
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.3"]));

        var outcome = await switcher.SwitchAsync(Record("Z1"), stale, "192.0.2.2", CancellationToken.None);

        Assert.Equal((SwitchResult.Conflict, "192.0.2.3"), (outcome.Result, outcome.CurrentValue));
        Assert.Equal("192.0.2.3", route53.Value(Name, "A"));
    }

    [Fact]
    public async Task SwitchAsync_SomeoneElseAlreadyMovedItToTheSameTarget_IsAlreadyDone()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var stale = (await switcher.ReadAsync("Z1", Name, "A", CancellationToken.None))!;
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.2"]));

        var outcome = await switcher.SwitchAsync(Record("Z1"), stale, "192.0.2.2", CancellationToken.None);

        Assert.Equal(SwitchResult.AlreadyDone, outcome.Result);
        Assert.Equal("192.0.2.2", route53.Value(Name, "A"));
    }

    [Fact]
    public async Task SwitchAsync_TwoCheckersAtOnce_OnlyOneSwitches()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        var first = new Route53RecordSwitcher(route53, TimeProvider.System);
        var second = new Route53RecordSwitcher(route53, TimeProvider.System);
        var readByFirst = (await first.ReadAsync("Z1", Name, "A", CancellationToken.None))!;
        var readBySecond = (await second.ReadAsync("Z1", Name, "A", CancellationToken.None))!;

        var a = await first.SwitchAsync(Record("Z1"), readByFirst, "192.0.2.2", CancellationToken.None);
        var b = await second.SwitchAsync(Record("Z1"), readBySecond, "192.0.2.3", CancellationToken.None);

        Assert.Equal((SwitchResult.Switched, SwitchResult.Conflict), (a.Result, b.Result));
        Assert.Equal("192.0.2.2", route53.Value(Name, "A"));
    }

    [Fact]
    public async Task SwitchAsync_AnswerLostAfterRoute53AppliedIt_IsSwitchedNotSomeoneElses()
    {
        var route53 = new StrictRoute53 { LoseAnswerTo = Name };
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var read = (await switcher.ReadAsync("Z1", Name, "A", CancellationToken.None))!;

        var outcome = await switcher.SwitchAsync(Record("Z1"), read, "192.0.2.2", CancellationToken.None);

        Assert.Equal((SwitchResult.Switched, "192.0.2.2"), (outcome.Result, outcome.CurrentValue));
    }

    [Fact]
    public async Task SwitchAsync_InSyncWaitCancelledOrRefusedAfterTheMove_IsStillSwitched()
    {
        var route53 = new StrictRoute53 { GetChangeFails = true };
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var read = (await switcher.ReadAsync("Z1", Name, "A", CancellationToken.None))!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var outcome = await switcher.SwitchAsync(Record("Z1", waitForInSync: true), read, "192.0.2.2", deadline.Token);
        route53.GetChangeFails = false;
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]));
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var second = await new Route53RecordSwitcher(new PendingRoute53(route53), TimeProvider.System).SwitchAsync(Record("Z1", waitForInSync: true), read, "192.0.2.2", cancelled.Token);

        Assert.Equal(new SwitchOutcome(SwitchResult.Switched, "192.0.2.2", InSync: false), outcome);
        Assert.Equal(new SwitchOutcome(SwitchResult.Switched, "192.0.2.2", InSync: false), second);
    }

    /// <summary>A weighted (or failover, latency…) record: Route 53 refuses the batch every time, which is no race.</summary>
    [Fact]
    public async Task SwitchAsync_RecordWithARoutingPolicy_ThrowsWhatRoute53SaidInsteadOfConflict()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(Name, "A", 60, ["192.0.2.1"]) { SetIdentifier = "blue" });
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var read = (await switcher.ReadAsync("Z1", Name, "A", CancellationToken.None))!;

        var error = await Assert.ThrowsAsync<AwsApiException>(() => switcher.SwitchAsync(Record("Z1"), read, "192.0.2.2", CancellationToken.None));

        Assert.Contains("SetIdentifier=blue", error.Message, StringComparison.Ordinal);
        Assert.Contains("the batch itself was refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchAsync_SomeoneElseMovedItToTheSameAddressWrittenDifferently_IsAlreadyDone()
    {
        var route53 = new StrictRoute53();
        route53.Put(new ResourceRecordSet(Name, "AAAA", 60, ["2001:db8::1"]));
        var switcher = new Route53RecordSwitcher(route53, TimeProvider.System);
        var stale = (await switcher.ReadAsync("Z1", Name, "AAAA", CancellationToken.None))!;
        route53.Put(new ResourceRecordSet(Name, "AAAA", 60, ["2001:db8:0:0::2"]));

        var outcome = await switcher.SwitchAsync(Record("Z1") with { Type = "AAAA" }, stale, "2001:DB8::2", CancellationToken.None);

        Assert.Equal(SwitchResult.AlreadyDone, outcome.Result);
    }

    [Fact]
    public async Task ReadAsync_NoSuchRecord_IsNull()
    {
        var zone = await CreateZoneAsync("192.0.2.1");

        Assert.Null(await CreateSut().ReadAsync(zone, "db-master.example.com", "A", CancellationToken.None));
    }

    private static RecordConfig Record(string zone, bool waitForInSync = false) => new() { HostedZoneId = zone, Name = Name, Ttl = 60, WaitForInSync = waitForInSync };

    /// <summary>Route 53 that never reports INSYNC.</summary>
    private sealed class PendingRoute53(IRoute53Client inner) : IRoute53Client
    {
        public IAsyncEnumerable<ResourceRecordSet> ListResourceRecordSetsAsync(string hostedZoneId, string? startName, string? startType, CancellationToken cancellationToken) =>
            inner.ListResourceRecordSetsAsync(hostedZoneId, startName, startType, cancellationToken);

        public Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken) =>
            inner.ChangeResourceRecordSetsAsync(hostedZoneId, changes, comment, cancellationToken);

        public Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken) => Task.FromResult(new ChangeInfo(changeId, "PENDING", null));
    }

    private Route53RecordSwitcher CreateSut() => new(new Route53Client(Moto.Configuration()), TimeProvider.System);

    private async Task<string> CreateZoneAsync(string value) => (await Moto.Boto3Async($$$"""
        r53 = client("route53")
        zone = r53.create_hosted_zone(Name="example.com", CallerReference="{{{Guid.NewGuid()}}}")["HostedZone"]["Id"]
        record = {"Name": "{{{Name}}}", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "{{{value}}}"}]}
        r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        out(zone)
        """)).GetString()!;

    private async Task<string?> ValueAsync(string zone) => (await Moto.Boto3Async($$$"""
        sets = client("route53").list_resource_record_sets(HostedZoneId="{{{zone}}}", StartRecordName="{{{Name}}}", StartRecordType="A")["ResourceRecordSets"]
        out([r["Value"] for s in sets if s["Name"] == "{{{Name}}}" and s["Type"] == "A" for r in s["ResourceRecords"]][0])
        """)).GetString();
}
