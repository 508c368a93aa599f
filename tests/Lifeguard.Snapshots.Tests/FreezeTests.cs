using System.Text.Json;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Aws.Sns;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>Application-consistent snapshots: freeze, snapshot, thaw whatever happens, never the root volume.</summary>
[Trait("Category", "Integration")]
public sealed class FreezeTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Snapshot_VolumeTaggedFreeze_FreezesSnapshotsThenThaws()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer();

        var report = await CreateSut(freezer).HandleAsync(Daily(setup.GetProperty("data").GetString()!), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Single(report.Created);
        var instance = setup.GetProperty("instance").GetString();
        Assert.Equal([$"freeze {instance} /data", $"thaw {instance} /data"], freezer.Calls);
    }

    [Fact]
    public async Task Snapshot_FreezeFails_ReportsTheFailureAndThawsAnyway()
    {
        var setup = await AttachedVolumesAsync();
        var freezer = new RecordingFreezer { FailFreeze = true };

        var report = await CreateSut(freezer).HandleAsync(Daily(setup.GetProperty("data").GetString()!), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(report.Created);
        Assert.Contains("fsfreeze", Assert.Single(report.Failed).Detail, StringComparison.Ordinal);
        // A freeze that failed (or whose answer was lost) may still have frozen the filesystem; a thaw is harmless.
        var instance = setup.GetProperty("instance").GetString();
        Assert.Equal([$"freeze {instance} /data", $"thaw {instance} /data"], freezer.Calls);
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

        var report = await CreateSut(freezer).HandleAsync(Daily(setup.GetProperty("root").GetString()!), TestContexts.Create("snapshot"), CancellationToken.None);

        Assert.Empty(freezer.Calls);
        Assert.Contains("never frozen", Assert.Single(report.Created).Detail, StringComparison.Ordinal);
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

    private SnapshotHandler CreateSut(IFilesystemFreezer freezer, IBlockStorage? ec2 = null) => new(
        ec2 ?? new Ec2BlockStorage(Moto.Configuration()),
        new TagCatalog(),
        freezer,
        new SnsNotifier(new SnsClient(Moto.Configuration()), null),
        new TokenBucket(100, 100, TimeProvider.System));


    /// <summary>An instance whose root volume and a data volume (/dev/sdf) are both tagged lifeguard:freeze.</summary>
    private Task<JsonElement> AttachedVolumesAsync() => Moto.Boto3Async("""
        ec2 = client("ec2")
        i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]
        root_device = i["RootDeviceName"]
        data = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=data, InstanceId=i["InstanceId"], Device="/dev/sdf")
        ec2.create_tags(Resources=[data], Tags=[{"Key": "lifeguard:freeze", "Value": "/data"}, {"Key": "lifeguard:backup", "Value": "true"}])
        root = ec2.create_volume(AvailabilityZone=i["Placement"]["AvailabilityZone"], Size=8)["VolumeId"]
        ec2.attach_volume(VolumeId=root, InstanceId=i["InstanceId"], Device=root_device)
        ec2.create_tags(Resources=[root], Tags=[{"Key": "lifeguard:freeze", "Value": "/"}])
        out({"instance": i["InstanceId"], "data": data, "root": root})
        """);
}
