using System.Text.Json;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>The `snapshot` function end to end against moto, checked through boto3.</summary>
[Trait("Category", "Integration")]
public sealed class SnapshotHandlerTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Daily = """{"tier":"daily","retention":"7 days","time":"2026-11-21T03:00:00Z"}""";

    [Fact]
    public async Task Snapshot_DailyTier_SnapshotsTheTaggedVolumesWithEveryTag()
    {
        var volumes = await CreateVolumesAsync();

        var report = await Host().InvokeAsync("snapshot", Daily);

        var created = report.GetProperty("created").EnumerateArray().Select(c => c.GetProperty("target").GetString()).Order().ToList();
        Assert.Equal(new[] { volumes.GetProperty("all").GetString(), volumes.GetProperty("daily").GetString() }.Order(), created);
        var tags = await TagsOfSnapshotsAsync(volumes.GetProperty("all").GetString()!);
        var tagSet = Assert.Single(tags.EnumerateArray());
        Assert.Equal("true", tagSet.GetProperty("lifeguard:managed").GetString());
        Assert.Equal("daily", tagSet.GetProperty("lifeguard:tier").GetString());
        Assert.Equal("2026-11-28T03:00:00Z", tagSet.GetProperty("lifeguard:expires-at").GetString());
        Assert.Equal("daily/2026-11-21T03:00Z", tagSet.GetProperty("lifeguard:slot").GetString());
        Assert.Equal(volumes.GetProperty("all").GetString(), tagSet.GetProperty("lifeguard:volume").GetString());
        Assert.Equal("web-data", tagSet.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Snapshot_WeeklyTier_TakesOnlyVolumesTaggedForIt()
    {
        var volumes = await CreateVolumesAsync();

        var report = await Host().InvokeAsync("snapshot", """{"tier":"weekly","retention":"1 month","time":"2026-11-22T03:00:00Z"}""");

        var created = report.GetProperty("created").EnumerateArray().Select(c => c.GetProperty("target").GetString()).Order().ToList();
        Assert.Equal(new[] { volumes.GetProperty("all").GetString(), volumes.GetProperty("weekly").GetString() }.Order(), created);
        Assert.Equal("2026-12-22T03:00:00Z", report.GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task Snapshot_SameEventDeliveredTwice_CreatesNothingTheSecondTime()
    {
        var volumes = await CreateVolumesAsync();
        var host = Host();

        await host.InvokeAsync("snapshot", Daily);
        var second = await host.InvokeAsync("snapshot", Daily);

        Assert.Empty(second.GetProperty("created").EnumerateArray());
        Assert.Equal(2, second.GetProperty("skipped").GetArrayLength());
        Assert.Single((await TagsOfSnapshotsAsync(volumes.GetProperty("all").GetString()!)).EnumerateArray());
    }

    [Fact]
    public async Task Snapshot_DryRun_CreatesNothing()
    {
        var volumes = await CreateVolumesAsync();

        var report = await Host().InvokeAsync("snapshot", Daily, "--dry-run");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(2, report.GetProperty("created").GetArrayLength());
        Assert.Empty((await TagsOfSnapshotsAsync(volumes.GetProperty("all").GetString()!)).EnumerateArray());
    }

    [Fact]
    public async Task Snapshot_TaggedInstance_TakesAllItsVolumesTogetherOnce()
    {
        var instanceId = (await Moto.Boto3Async("""
            ec2 = client("ec2")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10}}],
                TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "lifeguard:backup", "Value": "daily"}, {"Key": "Name", "Value": "db1"}]}])["Instances"][0]["InstanceId"]
            for v in ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [i]}])["Volumes"]:
                ec2.create_tags(Resources=[v["VolumeId"]], Tags=[{"Key": "lifeguard:backup", "Value": "true"}])
            out(i)
            """)).GetString()!;

        var report = await Host().InvokeAsync("snapshot", Daily);

        var created = Assert.Single(report.GetProperty("created").EnumerateArray());
        Assert.Equal(instanceId, created.GetProperty("target").GetString());
        var snapshots = await Moto.Boto3Async($$"""
            s = client("ec2").describe_snapshots(Filters=[{"Name": "tag:lifeguard:instance", "Values": ["{{instanceId}}"]}])["Snapshots"]
            out([{t["Key"]: t["Value"] for t in x["Tags"]}.get("Name") for x in s])
            """);
        var volumes = await Moto.Boto3Async($$"""out(len(client("ec2").describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": ["{{instanceId}}"]}])["Volumes"]))""");
        Assert.Equal(volumes.GetInt32(), snapshots.GetArrayLength());
        Assert.All(snapshots.EnumerateArray(), name => Assert.Equal("db1", name.GetString()));
        Assert.Equal(snapshots.GetArrayLength(), created.GetProperty("snapshotIds").GetArrayLength());
    }

    [Fact]
    public async Task Snapshot_ManualVolumeNow_KeepsItTwoDays()
    {
        var volumeId = (await Moto.Boto3Async("""out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"])""")).GetString()!;

        var report = await Host().InvokeAsync("snapshot", $$"""{"tier":"manual","retention":"2 days","volumeIds":["{{volumeId}}"]}""");

        Assert.Equal(volumeId, Assert.Single(report.GetProperty("created").EnumerateArray()).GetProperty("target").GetString());
        var expires = DateTimeOffset.Parse(report.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(2) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(2));
    }

    [Theory]
    [InlineData("""{"tier":"Daily!","retention":"7 days"}""", "tier 'Daily!'")]
    [InlineData("""{"tier":"daily","retention":"a week"}""", "retention \"a week\"")]
    [InlineData("""{"tier":"daily","retention":"7 days","volumeIds":["sda1"]}""", "volumeIds[0] 'sda1'")]
    [InlineData("""{"tier":"daily","retention":"7 days","dryrun":true}""", "dryrun")]
    [InlineData("""{"retention":"7 days"}""", "tier")]
    [InlineData("""{"tier":"daily","retention":"7 days","followUp":21}""", "followUp 21")]
    public async Task Snapshot_BadEvent_FailsNamingTheFieldAndCreatesNothing(string json, string expected)
    {
        await CreateVolumesAsync();

        var (exitCode, error) = await Host().InvokeFailingAsync("snapshot", json);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var count = await Moto.Boto3Async("""out(len(client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"]))""");
        Assert.Equal(0, count.GetInt32());
    }

    [Fact]
    public async Task Snapshot_SimpleDbCatalog_RecordsEachSnapshotWithItsExpiry()
    {
        var volumes = await CreateVolumesAsync();
        await Moto.Boto3Async("""client("sdb").create_domain(DomainName="snapshot"); out(None)""");

        var report = await Host(new Dictionary<string, string?> { ["LIFEGUARD_CATALOG"] = "simpledb" }).InvokeAsync("snapshot", Daily);

        var snapshotId = report.GetProperty("created").EnumerateArray()
            .Single(c => c.GetProperty("target").GetString() == volumes.GetProperty("all").GetString()).GetProperty("snapshotIds")[0].GetString();
        var item = await Moto.Boto3Async($$"""out({a["Name"]: a["Value"] for a in client("sdb").get_attributes(DomainName="snapshot", ItemName="{{snapshotId}}")["Attributes"]})""");
        Assert.Equal("2026-11-28T03:00:00Z", item.GetProperty("expires").GetString());
        Assert.Equal("daily", item.GetProperty("tier").GetString());
        Assert.Equal(volumes.GetProperty("all").GetString(), item.GetProperty("volume").GetString());
    }

    private SnapshotsHost Host(IReadOnlyDictionary<string, string?>? extra = null) => new(Moto, extra);

    /// <summary>Volumes tagged for every tier (with a Name), for daily only, for weekly only, and one untagged.</summary>
    private Task<JsonElement> CreateVolumesAsync() => Moto.Boto3Async("""
        ec2 = client("ec2")
        def volume(tags):
            spec = [{"ResourceType": "volume", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}] if tags else []
            return ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=spec)["VolumeId"]
        out({"all": volume({"lifeguard:backup": "true", "Name": "web-data"}), "daily": volume({"lifeguard:backup": "daily"}),
             "weekly": volume({"lifeguard:backup": "weekly,monthly"}), "none": volume({})})
        """);

    private Task<JsonElement> TagsOfSnapshotsAsync(string volumeId) => Moto.Boto3Async($$"""
        s = client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "volume-id", "Values": ["{{volumeId}}"]}])["Snapshots"]
        out([{t["Key"]: t["Value"] for t in x.get("Tags", [])} for x in s])
        """);
}
