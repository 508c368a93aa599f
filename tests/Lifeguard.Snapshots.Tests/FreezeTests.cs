using System.Text.Json;
using Lifeguard.Aws;
using Lifeguard.Aws.Sns;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// Application-consistent snapshots: freeze, snapshot, thaw whatever happens, never the root volume; a snapshot is
/// tagged application-consistent only when the freeze surely held until EC2 accepted it, and anything less is reported.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FreezeTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Snapshot_VolumeTaggedFreeze_FreezesSnapshotsThawsAndTagsItApplicationConsistent()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer();
        var data = setup.GetProperty("data").GetString()!;

        var report = await CreateSut(freezer).HandleAsync(Daily(data), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Single(report.Created);
        Assert.Empty(report.Degraded);
        var instance = setup.GetProperty("instance").GetString();
        Assert.Equal([$"freeze {instance} /data", $"thaw {instance} /data"], freezer.Calls);
        Assert.Equal(["application"], await ConsistencyOfSnapshotsAsync(data));
    }

    [Theory]
    [InlineData("denied")]
    [InlineData("fsfreeze")]
    public async Task Snapshot_FreezeFails_SnapshotsCrashConsistentReportsAlertsAndThawsAnyway(string failure)
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer
        {
            FailFreeze = true,
            FreezeError = failure == "denied"
                ? new AwsApiException("SSM", "SendCommand", 400, "AccessDeniedException", "not authorized to perform: ssm:SendCommand on resource: instance")
                : new InvalidOperationException("fsfreeze: Operation not supported"),
        };
        var notifier = new RecordingNotifier();
        var data = setup.GetProperty("data").GetString()!;

        var report = await CreateSut(freezer, notifier: notifier).HandleAsync(Daily(data), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(report.Failed);
        Assert.Equal(data, Assert.Single(report.Created).Target);
        var expected = failure == "denied" ? "AccessDenied" : "fsfreeze";
        var degraded = Assert.Single(report.Degraded);
        Assert.Contains(expected, degraded.Detail, StringComparison.Ordinal);
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(data));
        Assert.Contains(expected, Assert.Single(notifier.Sent).FullText, StringComparison.Ordinal);
        // A freeze that failed (or whose answer was lost) may still have frozen the filesystem; a thaw is harmless.
        var instance = setup.GetProperty("instance").GetString();
        Assert.Equal([$"freeze {instance} /data", $"thaw {instance} /data"], freezer.Calls);
    }

    [Fact]
    public async Task Snapshot_InstanceNotTaggedFreezeAllowed_SnapshotsCrashConsistentWithoutFreezingAndNamesTheTag()
    {
        var setup = await AttachedVolumesAsync(freezeAllowed: false);
        var freezer = new RecordingFreezer();
        var notifier = new RecordingNotifier();
        var data = setup.GetProperty("data").GetString()!;

        var report = await CreateSut(freezer, notifier: notifier).HandleAsync(Daily(data), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(freezer.Calls);
        Assert.Single(report.Created);
        Assert.Contains("lifeguard:freeze-allowed=true", Assert.Single(report.Degraded).Detail, StringComparison.Ordinal);
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(data));
        Assert.Single(notifier.Sent);
    }

    [Fact]
    public async Task Snapshot_FilesystemSpanningTwoVolumesOnTheVolumePath_IsNeverCalledApplicationConsistent()
    {
        // An LVM or RAID set: two volumes, one /data. Taken one at a time, their snapshots are not one point in time,
        // frozen or not, so the volume path refuses to freeze and says how to take them together.
        var setup = await AttachedVolumesAsync();
        var second = (await Moto.Boto3Async($$"""
            ec2 = client("ec2")
            i = ec2.describe_instances(InstanceIds=["{{setup.GetProperty("instance").GetString()}}"])["Reservations"][0]["Instances"][0]
            v = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
            ec2.attach_volume(VolumeId=v, InstanceId=i["InstanceId"], Device="/dev/sdg")
            ec2.create_tags(Resources=[v], Tags=[{"Key": "lifeguard:freeze", "Value": "/data"}, {"Key": "lifeguard:backup", "Value": "true"}])
            out(v)
            """)).GetString()!;
        var data = setup.GetProperty("data").GetString()!;
        var freezer = new RecordingFreezer();

        var report = await CreateSut(freezer).HandleAsync(new SnapshotEvent { Tier = "daily", Retention = "7 days", VolumeIds = [data, second] }, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(freezer.Calls);
        Assert.Equal(2, report.Created.Count);
        Assert.Equal(2, report.Degraded.Count);
        Assert.All(report.Degraded, d => Assert.Contains("lifeguard:backup", d.Detail, StringComparison.Ordinal));
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(data));
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(second));
    }

    [Fact]
    public async Task Snapshot_SnapshotFailsWhileFrozen_StillThaws()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer();
        await using var proxy = await FaultProxy.StartAsync(Moto.Endpoint);
        proxy.LimitRate("CreateSnapshot", 0, 0.0001);
        var ec2 = new Ec2BlockStorage(Moto.Configuration(endpoint: proxy.Endpoint) with { Retry = new() { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(5) } });

        var report = await CreateSut(freezer, ec2).HandleAsync(Daily(setup.GetProperty("data").GetString()!), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Contains("RequestLimitExceeded", Assert.Single(report.Failed).Detail, StringComparison.Ordinal);
        var instance = setup.GetProperty("instance").GetString();
        Assert.Equal([$"freeze {instance} /data", $"thaw {instance} /data"], freezer.Calls);
    }

    [Fact]
    public async Task Snapshot_RootVolumeTaggedFreeze_IsNeverFrozen()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer();
        var root = setup.GetProperty("root").GetString()!;

        var report = await CreateSut(freezer).HandleAsync(Daily(root), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(freezer.Calls);
        Assert.Contains("never frozen", Assert.Single(report.Created).Detail, StringComparison.Ordinal);
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(root));
    }

    [Fact]
    public async Task Snapshot_InstanceWithFreezeTaggedVolumes_FreezesEachDataMountSnapshotsAllThenThaws()
    {
        var setup = await FreezableInstanceAsync();
        var freezer = new RecordingFreezer();
        var instance = setup.GetProperty("instance").GetString()!;

        var report = await CreateSut(freezer).HandleAsync(
            new SnapshotEvent { Tier = "daily", Retention = "7 days", InstanceIds = [instance] }, TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Equal(instance, Assert.Single(report.Created).Target);
        Assert.Empty(report.Degraded);
        Assert.Equal([$"freeze {instance} /data", $"freeze {instance} /logs"], freezer.Calls.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal([$"thaw {instance} /data", $"thaw {instance} /logs"], freezer.Calls.Skip(2).Order(StringComparer.Ordinal));
        Assert.Equal(["application"], await ConsistencyOfSnapshotsAsync(setup.GetProperty("data").GetString()!));
        Assert.Equal(["application"], await ConsistencyOfSnapshotsAsync(setup.GetProperty("logs").GetString()!));
        // The root volume is in the same crash-consistent set, never frozen.
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(setup.GetProperty("root").GetString()!));
    }

    [Theory]
    [InlineData("volume", 29, "application")]
    [InlineData("volume", 31, "crash")]
    [InlineData("instance", 29, "application")]
    [InlineData("instance", 31, "crash")]
    public async Task Snapshot_AcceptedAfterTheInstanceMayHaveThawedItself_IsTaggedCrashAndReported(string path, int acceptSeconds, string consistency)
    {
        var setup = path == "volume" ? await AttachedVolumesAsync() : await FreezableInstanceAsync();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var freezer = new RecordingFreezer(time) { Holds = TimeSpan.FromSeconds(30) };
        var notifier = new RecordingNotifier();
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        // EC2 accepts the call this long after the freeze: the instance's own thaw fires after 30 s.
        var slow = new LaggingBlockStorage(ec2, ec2) { WhileCreating = () => time.Advance(TimeSpan.FromSeconds(acceptSeconds)) };
        var data = setup.GetProperty("data").GetString()!;
        var input = path == "volume"
            ? Daily(data)
            : new SnapshotEvent { Tier = "daily", Retention = "7 days", InstanceIds = [setup.GetProperty("instance").GetString()!] };

        var report = await CreateSut(freezer, slow, notifier).HandleAsync(input, TestContexts.Create("snapshot", time: time), CancellationToken.None);

        Assert.Single(report.Created);
        Assert.Equal([consistency], await ConsistencyOfSnapshotsAsync(data));
        if (consistency == "crash")
        {
            Assert.Contains("thaw", Assert.Single(report.Degraded).Detail, StringComparison.Ordinal);
            Assert.Single(notifier.Sent);
        }
        else
        {
            Assert.Empty(report.Degraded);
            Assert.Empty(notifier.Sent);
        }
    }

    [Fact]
    public async Task Snapshot_FrozenButTheAnswerWasLost_FindsItTagsItCrashAndReports()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer();
        var notifier = new RecordingNotifier();
        await using var proxy = await FaultProxy.StartAsync(Moto.Endpoint);
        proxy.Then(Fault.DropAfterForward);
        var ec2 = new Ec2BlockStorage(Moto.Configuration());
        var creates = new Ec2BlockStorage(Moto.Configuration(endpoint: proxy.Endpoint) with { Retry = new() { MaxAttempts = 1 } });
        var data = setup.GetProperty("data").GetString()!;

        var report = await CreateSut(freezer, new LaggingBlockStorage(ec2, creates), notifier).HandleAsync(Daily(data), TestContexts.Create("snapshot"), CancellationToken.None);

        // When EC2 took it is unknown, so it may be after the instance thawed itself.
        Assert.Single(report.Created);
        Assert.Contains("lost", Assert.Single(report.Degraded).Detail, StringComparison.Ordinal);
        Assert.Equal(["crash"], await ConsistencyOfSnapshotsAsync(data));
        Assert.Single(notifier.Sent);
        Assert.Equal(2, freezer.Calls.Count);
    }

    [Fact]
    public async Task FreezeAsync_ThroughSsm_SendsFreezeWithAnInstanceSideThawTimerAndSaysHowLongItHolds()
    {
        var instance = (await AttachedVolumesAsync()).GetProperty("instance").GetString()!;
        var freezer = new SsmFilesystemFreezer(Moto.Configuration(), TimeSpan.FromSeconds(30), TimeProvider.System);

        var before = TimeProvider.System.GetUtcNow();
        var holdsUntil = await freezer.FreezeAsync(instance, "/data", CancellationToken.None);
        var after = TimeProvider.System.GetUtcNow();
        await freezer.ThawAsync(instance, "/data", CancellationToken.None);

        // Reckoned from before the command went out: the instance's timer cannot have started earlier.
        Assert.InRange(holdsUntil, before + TimeSpan.FromSeconds(30), after + TimeSpan.FromSeconds(30));

        var commands = await Moto.Boto3Async("""out([[c["DocumentName"], c["Comment"], c["Parameters"]["commands"][0]] for c in client("ssm").list_commands()["Commands"]])""");
        Assert.All(commands.EnumerateArray(), c => Assert.Equal(["AWS-RunShellScript", "lifeguard snapshot"], c.EnumerateArray().Take(2).Select(e => e.GetString())));
        var sent = commands.EnumerateArray().Select(c => c[2].GetString()!).ToList();
        Assert.Contains(sent, c => c.Contains("fsfreeze --freeze /data", StringComparison.Ordinal) && c.Contains("sleep 30; fsfreeze --unfreeze /data", StringComparison.Ordinal));
        Assert.Contains(sent, c => c.StartsWith("fsfreeze --unfreeze /data", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("data")]
    [InlineData("/data; reboot")]
    [InlineData("/data $(reboot)")]
    [InlineData("")]
    public void Validate_RootRelativeOrShellCharacters_IsRefused(string mountPoint) =>
        Assert.Throws<ArgumentException>(() => SsmFilesystemFreezer.Validate(mountPoint));

    private static SnapshotEvent Daily(string volumeId) => new() { Tier = "daily", Retention = "7 days", VolumeIds = [volumeId] };

    private SnapshotHandler CreateSut(IFilesystemFreezer freezer, IBlockStorage? ec2 = null, INotifier? notifier = null) => new(
        ec2 ?? new Ec2BlockStorage(Moto.Configuration()),
        new Ec2BlockStorage(Moto.Configuration()),
        new TagCatalog(),
        freezer,
        notifier ?? new RecordingNotifier(),
        new TokenBucket(100, 100, TimeProvider.System));

    /// <summary>The `lifeguard:consistency` tag of each snapshot of <paramref name="volumeId"/> (null where there is none).</summary>
    private async Task<List<string?>> ConsistencyOfSnapshotsAsync(string volumeId) =>
        [.. (await Moto.Boto3Async($$"""
            s = client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "volume-id", "Values": ["{{volumeId}}"]}])["Snapshots"]
            out([{t["Key"]: t["Value"] for t in x.get("Tags", [])}.get("lifeguard:consistency") for x in s])
            """)).EnumerateArray().Select(e => e.GetString())];

    /// <summary>
    /// An instance (tagged lifeguard:freeze-allowed=true unless told otherwise) whose root volume and a data volume
    /// (/dev/sdf) are both tagged lifeguard:freeze.
    /// </summary>
    private Task<JsonElement> AttachedVolumesAsync(bool freezeAllowed = true) => Moto.Boto3Async($$"""
        ec2 = client("ec2")
        tags = [{"Key": "lifeguard:freeze-allowed", "Value": "true"}] if {{(freezeAllowed ? "True" : "False")}} else [{"Key": "Name", "Value": "db"}]
        i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])["Instances"][0]
        root_device = i["RootDeviceName"]
        data = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=data, InstanceId=i["InstanceId"], Device="/dev/sdf")
        ec2.create_tags(Resources=[data], Tags=[{"Key": "lifeguard:freeze", "Value": "/data"}, {"Key": "lifeguard:backup", "Value": "true"}])
        root = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=root, InstanceId=i["InstanceId"], Device=root_device)
        ec2.create_tags(Resources=[root], Tags=[{"Key": "lifeguard:freeze", "Value": "/"}])
        out({"instance": i["InstanceId"], "data": data, "root": root})
        """);

    /// <summary>
    /// An instance tagged lifeguard:backup and lifeguard:freeze-allowed=true: its root volume tagged lifeguard:freeze=/
    /// and two data volumes tagged /data and /logs.
    /// </summary>
    private Task<JsonElement> FreezableInstanceAsync() => Moto.Boto3Async("""
        ec2 = client("ec2")
        i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": "lifeguard:backup", "Value": "true"}, {"Key": "lifeguard:freeze-allowed", "Value": "true"}]}])["Instances"][0]
        az = i["Placement"]["AvailabilityZone"]
        root = ec2.describe_instances(InstanceIds=[i["InstanceId"]])["Reservations"][0]["Instances"][0]["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
        ec2.create_tags(Resources=[root], Tags=[{"Key": "lifeguard:freeze", "Value": "/"}])
        volumes = {}
        for device, mount in [("/dev/sdf", "/data"), ("/dev/sdg", "/logs")]:
            v = ec2.create_volume(AvailabilityZone=az, Size=8, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:freeze", "Value": mount}]}])["VolumeId"]
            ec2.attach_volume(VolumeId=v, InstanceId=i["InstanceId"], Device=device)
            volumes[mount[1:]] = v
        out({"instance": i["InstanceId"], "root": root, **volumes})
        """);
}
