using System.Text.Json;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// Runs that cannot reach every target before their deadline hand the rest to a follow-up for the same slot; targets
/// run several at a time; a tier that finds nothing says so. Against moto; the follow-up invocation itself is recorded
/// (moto runs Lambda functions only in Docker), and LambdaClientTests checks the call it makes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SnapshotFollowUpTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly SnapshotEvent Daily = new() { Tier = "daily", Retention = "7 days", Time = DateTimeOffset.Parse("2026-11-21T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Snapshot_MoreTargetsThanTheRunHasTimeFor_HandsTheRestOnAndTheFollowUpsFillTheSlotExactlyOnce()
    {
        var volumes = await TaggedVolumesAsync(12);
        var followUp = new RecordingFollowUp();
        // Two creates a second and a 4 s run (2 s of it kept back): the first run reaches a few, not all twelve.
        var sut = Sut(new TokenBucket(1, 2, TimeProvider.System), followUp);

        var first = await sut.HandleAsync(Daily, TestContexts.Create("snapshot", budget: TimeSpan.FromSeconds(4)), CancellationToken.None);

        Assert.True(first.HandedOff);
        Assert.Empty(first.Failed);
        var handed = Assert.Single(followUp.Events);
        Assert.Equal(1, handed.FollowUp);
        Assert.Equal(Daily.Time, handed.Time);
        Assert.Equal(12, first.Created.Count + handed.VolumeIds.Count);
        Assert.InRange(handed.VolumeIds.Count, 1, 11);
        for (var i = 0; i < 12 && followUp.Events.Count > 0; i++)
        {
            var next = followUp.Events[^1];
            followUp.Events.Clear();
            var report = await sut.HandleAsync(next, TestContexts.Create("snapshot", budget: TimeSpan.FromSeconds(4)), CancellationToken.None);
            Assert.Empty(report.Failed);
        }

        Assert.Empty(followUp.Events);
        var perVolume = await SlotSnapshotsPerVolumeAsync("daily/2026-11-21T03:00Z");
        Assert.Equal(volumes.Order(), perVolume.Keys.Order());
        Assert.All(perVolume.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Snapshot_DeadlineWithNobodyToHandOffTo_ReportsTheRestAsFailedWithTheEventThatFinishesIt()
    {
        await TaggedVolumesAsync(8);
        var notifier = new RecordingNotifier();
        var sut = Sut(new TokenBucket(1, 2, TimeProvider.System), followUp: null, notifier);

        var report = await sut.HandleAsync(Daily, TestContexts.Create("snapshot", budget: TimeSpan.FromSeconds(3)), CancellationToken.None);

        Assert.False(report.HandedOff);
        Assert.NotEmpty(report.Failed);
        Assert.All(report.Failed, f => Assert.Contains("invoke the report's followUp event", f.Detail, StringComparison.Ordinal));
        Assert.Equal(report.Failed.Select(f => f.Target).Order(), report.FollowUp!.VolumeIds.Order());
        Assert.Equal(8, report.Created.Count + report.Failed.Count);
        Assert.Contains("failed", Assert.Single(notifier.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_FollowUpNamingAVolumeDeletedSinceItWasHandedOn_SnapshotsTheRest()
    {
        var volumes = await TaggedVolumesAsync(2);
        await Moto.Boto3Async($$"""client("ec2").delete_volume(VolumeId="{{volumes[1]}}"); out(None)""");

        var report = await Sut(new TokenBucket(100, 100, TimeProvider.System), null)
            .HandleAsync(Daily with { FollowUp = 1, VolumeIds = volumes }, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Equal(volumes[0], Assert.Single(report.Created).Target);
        Assert.Empty(report.Failed);
    }

    [Fact]
    public async Task Snapshot_ManyVolumes_SnapshotsSeveralAtOnceButTheVolumesOfOneInstanceInTurn()
    {
        var setup = await Moto.Boto3Async("""
            ec2 = client("ec2")
            image = ec2.describe_images()["Images"][0]["ImageId"]
            instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, Placement={"AvailabilityZone": "us-east-1a"})["Instances"][0]["InstanceId"]
            tag = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "daily"}]}]
            attached = []
            for device in ["/dev/sdf", "/dev/sdg", "/dev/sdh"]:
                v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=tag)["VolumeId"]
                ec2.attach_volume(VolumeId=v, InstanceId=instance, Device=device)
                attached.append(v)
            free = [ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=tag)["VolumeId"] for _ in range(6)]
            out({"attached": attached, "free": free})
            """);
        var attached = setup.GetProperty("attached").EnumerateArray().Select(v => v.GetString()!).ToHashSet();
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        var slow = new OverlapCounting(ec2, attached);
        var sut = new SnapshotHandler(slow, ec2, new TagCatalog(), new RecordingFreezer(), new RecordingNotifier(), new TokenBucket(100, 100, TimeProvider.System));

        var report = await sut.HandleAsync(Daily, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Equal(9, report.Created.Count);
        Assert.True(slow.MostAtOnce > 1, $"at most {slow.MostAtOnce} at once");
        Assert.Equal(1, slow.MostOfTheInstanceAtOnce);
    }

    [Fact]
    public async Task Snapshot_TagSelectedTierFindsNothing_ReportsNoTargetsAndEmitsZeroForTheTiersAlarm()
    {
        await Moto.Boto3Async("""
            client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backups", "Value": "daily"}]}])
            out(None)
            """);
        using var metrics = new StringWriter();
        var context = TestContexts.Create("snapshot", metrics: metrics);

        var report = await Sut(new TokenBucket(100, 100, TimeProvider.System), null).HandleAsync(Daily, context, CancellationToken.None);
        context.Metrics.Flush();

        Assert.Equal(0, report.Targets);
        var line = metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(l => l.TryGetProperty("SnapshotTargets", out _));
        Assert.Equal(0, line.GetProperty("SnapshotTargets").GetDouble());
        Assert.Equal("daily", line.GetProperty("Tier").GetString());
    }

    private SnapshotHandler Sut(TokenBucket bucket, ISnapshotFollowUp? followUp, RecordingNotifier? notifier = null)
    {
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        return new SnapshotHandler(ec2, ec2, new TagCatalog(), new RecordingFreezer(), notifier ?? new RecordingNotifier(), bucket, followUp: followUp);
    }

    private async Task<List<string>> TaggedVolumesAsync(int count) => [.. (await Moto.Boto3Async($$"""
        ec2 = client("ec2")
        tag = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "daily"}]}]
        out([ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=tag)["VolumeId"] for _ in range({{count}})])
        """)).EnumerateArray().Select(v => v.GetString()!)];

    private async Task<Dictionary<string, int>> SlotSnapshotsPerVolumeAsync(string slot) => (await Moto.Boto3Async($$"""
        s = client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag:lifeguard:slot", "Values": ["{{slot}}"]}])["Snapshots"]
        counts = {}
        for x in s:
            counts[x["VolumeId"]] = counts.get(x["VolumeId"], 0) + 1
        out(counts)
        """)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    private sealed class RecordingFollowUp : ISnapshotFollowUp
    {
        public List<SnapshotEvent> Events { get; } = [];

        public Task HandOffAsync(SnapshotEvent continuation, CancellationToken cancellationToken)
        {
            Events.Add(continuation);
            return Task.CompletedTask;
        }
    }

    /// <summary>Holds each CreateSnapshot 300 ms and counts how many overlap, overall and among one instance's volumes.</summary>
    private sealed class OverlapCounting(IBlockStorage inner, IReadOnlySet<string> ofOneInstance) : IBlockStorage
    {
        private readonly Lock _gate = new();
        private int _now;
        private int _instanceNow;

        public int MostAtOnce { get; private set; }

        public int MostOfTheInstanceAtOnce { get; private set; }

        public async Task<Snapshot> CreateSnapshotAsync(CreateSnapshotRequest request, CancellationToken cancellationToken)
        {
            var ours = ofOneInstance.Contains(request.VolumeId);
            lock (_gate)
            {
                MostAtOnce = Math.Max(MostAtOnce, ++_now);
                MostOfTheInstanceAtOnce = Math.Max(MostOfTheInstanceAtOnce, ours ? ++_instanceNow : _instanceNow);
            }

            try
            {
                await Task.Delay(300, cancellationToken);
                return await inner.CreateSnapshotAsync(request, cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    _now--;
                    _instanceNow -= ours ? 1 : 0;
                }
            }
        }

        public IAsyncEnumerable<Volume> DescribeVolumesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeVolumesAsync(request, cancellationToken);

        public IAsyncEnumerable<Instance> DescribeInstancesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeInstancesAsync(request, cancellationToken);

        public IAsyncEnumerable<Snapshot> DescribeSnapshotsAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeSnapshotsAsync(request, cancellationToken);

        public IAsyncEnumerable<Image> DescribeImagesAsync(DescribeRequest request, CancellationToken cancellationToken) => inner.DescribeImagesAsync(request, cancellationToken);

        public Task<IReadOnlyList<Snapshot>> CreateSnapshotsAsync(CreateSnapshotsRequest request, CancellationToken cancellationToken) => inner.CreateSnapshotsAsync(request, cancellationToken);

        public Task<IReadOnlyList<string>> DescribeSharingAsync(string snapshotId, CancellationToken cancellationToken) => inner.DescribeSharingAsync(snapshotId, cancellationToken);

        public Task DeleteSnapshotAsync(string snapshotId, bool dryRun, CancellationToken cancellationToken) => inner.DeleteSnapshotAsync(snapshotId, dryRun, cancellationToken);
    }
}
