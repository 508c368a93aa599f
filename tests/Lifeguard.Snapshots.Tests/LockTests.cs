using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// Tiers that lock their snapshots with EBS snapshot lock. moto has no LockSnapshot, so the lock call alone is a
/// recording fake; the snapshots and their tags are moto's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LockTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly SnapshotEvent Monthly = new()
    {
        Tier = "monthly", Retention = "1 year", Lock = "compliance", Time = DateTimeOffset.Parse("2026-11-01T03:45:00Z", System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Snapshot_LockingTier_LocksEachSnapshotUntilItExpiresAndTagsTheMode()
    {
        var volume = await TaggedVolumeAsync();
        var locker = new RecordingLocker();

        var report = await Sut(locker, new RecordingNotifier()).HandleAsync(Monthly, TestContexts.Create("snapshot"), CancellationToken.None);

        var snapshotId = Assert.Single(Assert.Single(report.Created).SnapshotIds);
        Assert.Equal((snapshotId, "compliance", DateTimeOffset.Parse("2027-11-01T03:45:00Z", System.Globalization.CultureInfo.InvariantCulture)), Assert.Single(locker.Locked));
        Assert.Empty(report.Degraded);
        Assert.Equal("compliance", (await LockTagAsync(volume)).GetString());
    }

    [Fact]
    public async Task Snapshot_LockRefused_KeepsTheSnapshotTaggedNoneAndSaysSoInTheReportAndAnAlert()
    {
        var volume = await TaggedVolumeAsync();
        var notifier = new RecordingNotifier();
        var locker = new RecordingLocker { Refuse = true };

        var report = await Sut(locker, notifier).HandleAsync(Monthly, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Single(report.Created);
        var degraded = Assert.Single(report.Degraded);
        Assert.Contains("not locked (compliance until 2027-11-01T03:45:00Z)", degraded.Detail, StringComparison.Ordinal);
        Assert.Equal("none", (await LockTagAsync(volume)).GetString());
        Assert.Contains("not frozen or not locked", Assert.Single(notifier.Sent).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_SameEventAgainAfterALockFailed_LocksTheSnapshotLeftUnlocked()
    {
        var volume = await TaggedVolumeAsync();
        await Sut(new RecordingLocker { Refuse = true }, new RecordingNotifier()).HandleAsync(Monthly, TestContexts.Create("snapshot"), CancellationToken.None);
        var locker = new RecordingLocker();

        var again = await Sut(locker, new RecordingNotifier()).HandleAsync(Monthly, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Single(again.Skipped);
        Assert.Single(locker.Locked);
        Assert.Equal("compliance", (await LockTagAsync(volume)).GetString());
    }

    [Theory]
    [InlineData("""{"tier":"monthly","retention":"1 year","lock":"forever"}""", "lock 'forever'")]
    [InlineData("""{"tier":"3-hourly","retention":"12 hours","lock":"governance"}""", "lock needs a retention of at least a day")]
    public async Task Snapshot_BadLock_FailsNamingTheFieldAndCreatesNothing(string json, string expected)
    {
        await TaggedVolumeAsync();

        var (exitCode, error) = await new SnapshotsHost(Moto).InvokeFailingAsync("snapshot", json);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private SnapshotHandler Sut(RecordingLocker locker, RecordingNotifier notifier)
    {
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        return new SnapshotHandler(ec2, ec2, new TagCatalog(), new RecordingFreezer(), notifier, new TokenBucket(100, 100, TimeProvider.System), locker: locker);
    }

    private async Task<string> TaggedVolumeAsync() => (await Moto.Boto3Async("""
        tag = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}]
        out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=tag)["VolumeId"])
        """)).GetString()!;

    private Task<JsonElement> LockTagAsync(string volume) => Moto.Boto3Async($$"""
        s = client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "volume-id", "Values": ["{{volume}}"]}])["Snapshots"][0]
        out({t["Key"]: t["Value"] for t in s["Tags"]}.get("lifeguard:lock"))
        """);

    private sealed class RecordingLocker : ISnapshotLocker
    {
        public bool Refuse { get; init; }

        public List<(string SnapshotId, string Mode, DateTimeOffset Until)> Locked { get; } = [];

        public Task LockSnapshotAsync(string snapshotId, string mode, DateTimeOffset until, CancellationToken cancellationToken)
        {
            if (Refuse)
            {
                throw new AwsApiException("ec2", "LockSnapshot", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
            }

            Locked.Add((snapshotId, mode, until));
            return Task.CompletedTask;
        }
    }
}
