using Lifeguard.Aws.Http;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// CreateSnapshot(s) answers that were lost after EC2 acted (a proxy drops them), and DescribeSnapshots that does not
/// list the new snapshots at once: the function looks again, a bounded number of times, and never creates twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UncertainCreateTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly DateTimeOffset Fired = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
    private FaultProxy _proxy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _proxy = await FaultProxy.StartAsync(Moto.Endpoint);
    }

    public override async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Snapshot_InstanceAnswerDroppedAfterItTookEffect_FindsItsSnapshotsAndCreatesNoMore(int unlistedLookups)
    {
        var instanceId = await TaggedInstanceAsync();
        _proxy.Then(Fault.DropAfterForward);
        var ec2 = CreateStorage(unlistedLookups);

        var report = await RunAsync(ec2, new SnapshotEvent { Tier = "daily", Retention = "7 days", Time = Fired, InstanceIds = [instanceId] });

        Assert.Empty(report.Failed);
        var created = Assert.Single(report.Created);
        Assert.Equal(instanceId, created.Target);
        var snapshots = await SnapshotIdsAsync("lifeguard:instance", instanceId);
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(snapshots.Order(), created.SnapshotIds.Order());
        Assert.Equal(1, _proxy.ForwardedActions["CreateSnapshots"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Snapshot_VolumeAnswerDroppedAndNotYetListed_LooksAgainAndFindsIt(int unlistedLookups)
    {
        var volumeId = (await Moto.Boto3Async("""out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"])""")).GetString()!;
        _proxy.Then(Fault.DropAfterForward);
        var ec2 = CreateStorage(unlistedLookups);

        var report = await RunAsync(ec2, new SnapshotEvent { Tier = "daily", Retention = "7 days", Time = Fired, VolumeIds = [volumeId] });

        Assert.Empty(report.Failed);
        var snapshot = Assert.Single(await SnapshotIdsAsync("lifeguard:volume", volumeId));
        Assert.Equal([snapshot], Assert.Single(report.Created).SnapshotIds);
        Assert.Equal(unlistedLookups + 1, ec2.LookupsAfterCreate);
        Assert.Equal(1, _proxy.ForwardedActions["CreateSnapshot"]);
    }

    [Fact]
    public async Task Snapshot_UncertainAnswerButNothingMade_FailsAfterBoundedLookupsWithoutCreatingAgain()
    {
        var instanceId = await TaggedInstanceAsync();
        // 500 without forwarding: EC2 might have acted as far as the function can tell, but nothing was made.
        _proxy.Then(Fault.ServerError);
        var ec2 = CreateStorage(unlistedLookups: 0);

        var report = await RunAsync(ec2, new SnapshotEvent { Tier = "daily", Retention = "7 days", Time = Fired, InstanceIds = [instanceId] });

        Assert.Empty(report.Created);
        Assert.Contains("no snapshot of this slot", Assert.Single(report.Failed).Detail, StringComparison.Ordinal);
        Assert.Equal(4, ec2.LookupsAfterCreate);
        Assert.Equal(1, _proxy.Received);
        Assert.Empty(await SnapshotIdsAsync("lifeguard:instance", instanceId));
    }

    /// <summary>Describes straight to moto; creates through the proxy, with no retries, as the function does.</summary>
    private LaggingBlockStorage CreateStorage(int unlistedLookups) =>
        new(new Ec2BlockStorage(Moto.Configuration()), new Ec2BlockStorage(Moto.Configuration(endpoint: _proxy.Endpoint) with { Retry = new() { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(2) } }))
        {
            UnlistedLookups = unlistedLookups,
        };

    /// <summary>
    /// Runs the handler on a fake clock that moves on while it runs, so the pauses between look-ups take no real time.
    /// </summary>
    private async Task<SnapshotReport> RunAsync(IBlockStorage ec2, SnapshotEvent input)
    {
        var time = new FakeTimeProvider(Fired);
        var context = TestContexts.Create("snapshot", time: time);
        var sut = new SnapshotHandler(ec2, new Ec2BlockStorage(Moto.Configuration()), new TagCatalog(), new RecordingFreezer(), new RecordingNotifier(), new TokenBucket(100, 100, TimeProvider.System));
        var run = sut.HandleAsync(input, context, CancellationToken.None);
        // Bounded: a real minute at most.
        for (var step = 0; step < 6000 && !run.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(run, Task.Delay(10));
        }

        return await run;
    }

    /// <summary>A running instance tagged for backup with its root volume and one data volume.</summary>
    private async Task<string> TaggedInstanceAsync() => (await Moto.Boto3Async("""
        ec2 = client("ec2")
        i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "lifeguard:backup", "Value": "daily"}]}])["Instances"][0]
        data = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=data, InstanceId=i["InstanceId"], Device="/dev/sdf")
        out(i["InstanceId"])
        """)).GetString()!;

    private async Task<List<string>> SnapshotIdsAsync(string tag, string value) =>
        [.. (await Moto.Boto3Async($$"""
            out([s["SnapshotId"] for s in client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag:{{tag}}", "Values": ["{{value}}"]}])["Snapshots"]])
            """)).EnumerateArray().Select(e => e.GetString()!)];
}
