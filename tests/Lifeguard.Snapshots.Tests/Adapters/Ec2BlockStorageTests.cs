using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>The EC2 adapter (AWSSDK.EC2) against moto, read back and set up through boto3.</summary>
[Trait("Category", "Integration")]
public sealed class Ec2BlockStorageTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task CreateSnapshotAsync_WithTags_Boto3SeesTheSnapshotAndItsTags()
    {
        var volumeId = (await Moto.Boto3Async("""out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"])""")).GetString()!;

        var snapshot = await CreateSut().CreateSnapshotAsync(new CreateSnapshotRequest(volumeId)
        {
            Description = "lifeguard daily",
            Tags = [new("lifeguard:managed", "true"), new("lifeguard:tier", "daily")],
        }, CancellationToken.None);

        var seen = await Moto.Boto3Async($$"""
            s = client("ec2").describe_snapshots(SnapshotIds=["{{snapshot.SnapshotId}}"])["Snapshots"][0]
            out({"volume": s["VolumeId"], "description": s["Description"], "tags": dict((t["Key"], t["Value"]) for t in s.get("Tags", []))})
            """);
        Assert.Equal(volumeId, snapshot.VolumeId);
        Assert.Equal(volumeId, seen.GetProperty("volume").GetString());
        Assert.Equal("lifeguard daily", seen.GetProperty("description").GetString());
        Assert.Equal("daily", seen.GetProperty("tags").GetProperty("lifeguard:tier").GetString());
        Assert.Equal("daily", snapshot.Tag("lifeguard:tier"));
    }

    [Fact]
    public async Task DescribeVolumesAsync_TagFilterAndPageSize_ReturnsEveryMatchingVolume()
    {
        await Moto.Boto3Async("""
            ec2 = client("ec2")
            for i in range(7):
                ec2.create_volume(AvailabilityZone="us-east-1a", Size=1 + i, TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}, {"Key": "Name", "Value": f"data-{i}"}]}])
            ec2.create_volume(AvailabilityZone="us-east-1a", Size=50)
            out(None)
            """);

        var volumes = await CreateSut().DescribeVolumesAsync(
            new DescribeRequest { Filters = [new Ec2Filter("tag-key", "lifeguard:backup")], MaxResults = 5 }, CancellationToken.None).ToListAsync();

        Assert.Equal(7, volumes.Count);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"data-{i}").Order(), volumes.Select(v => v.Tags.Single(t => t.Key == "Name").Value).Order());
        Assert.All(volumes, v => Assert.Equal("available", v.State));
    }

    [Fact]
    public async Task DescribeSnapshotsAsync_ManagedTagFilter_ReturnsEveryManagedSnapshot()
    {
        await Moto.Boto3Async("""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            for i in range(12):
                ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}]}])
            out(None)
            """);

        var snapshots = await CreateSut().DescribeSnapshotsAsync(
            new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter("tag:lifeguard:managed", "true")], MaxResults = 5 }, CancellationToken.None).ToListAsync();

        Assert.Equal(12, snapshots.Count);
        Assert.Equal(12, snapshots.Select(s => s.SnapshotId).Distinct().Count());
    }

    [Fact]
    public async Task DeleteSnapshotAsync_DryRun_AnswersDryRunOperationAndDeletesNothing()
    {
        var snapshotId = await CreateSnapshotWithBoto3Async();

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().DeleteSnapshotAsync(snapshotId, dryRun: true, CancellationToken.None));

        Assert.True(ex.IsDryRunSuccess);
        Assert.False(ex.IsRetryable);
        var still = await Moto.Boto3Async($$"""out(len(client("ec2").describe_snapshots(SnapshotIds=["{{snapshotId}}"])["Snapshots"]))""");
        Assert.Equal(1, still.GetInt32());
    }

    [Fact]
    public async Task DeleteSnapshotAsync_MissingSnapshot_FailsWithTheServiceErrorCode()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateSut().DeleteSnapshotAsync("snap-0123456789abcdef0", dryRun: false, CancellationToken.None));

        Assert.Equal("InvalidSnapshot.NotFound", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("EC2", ex.Service);
        Assert.Equal("DeleteSnapshot", ex.Operation);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task DeleteSnapshotAsync_ExistingSnapshot_Boto3NoLongerSeesIt()
    {
        var snapshotId = await CreateSnapshotWithBoto3Async();

        await CreateSut().DeleteSnapshotAsync(snapshotId, dryRun: false, CancellationToken.None);

        var ids = await Moto.Boto3Async("""out([s["SnapshotId"] for s in client("ec2").describe_snapshots(OwnerIds=["self"])["Snapshots"]])""");
        Assert.DoesNotContain(snapshotId, ids.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task CreateSnapshotsAsync_Instance_SnapshotsEveryVolumeWithTheTags()
    {
        var instanceId = (await Moto.Boto3Async("""
            ec2 = client("ec2")
            i = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10}}])["Instances"][0]["InstanceId"]
            out(i)
            """)).GetString()!;
        var instance = await CreateSut().DescribeInstancesAsync(new DescribeRequest { Ids = [instanceId] }, CancellationToken.None).SingleAsync();

        var snapshots = await CreateSut().CreateSnapshotsAsync(new CreateSnapshotsRequest(instanceId)
        {
            Description = "crash-consistent",
            Tags = [new("lifeguard:slot", "daily/2026-11-21")],
        }, CancellationToken.None);

        Assert.NotEmpty(instance.BlockDevices);
        Assert.Equal(instance.BlockDevices.Select(b => b.VolumeId).Order(), snapshots.Select(s => s.VolumeId).Order());
        var tagged = await Moto.Boto3Async("""out(len(client("ec2").describe_snapshots(Filters=[{"Name": "tag:lifeguard:slot", "Values": ["daily/2026-11-21"]}])["Snapshots"]))""");
        Assert.Equal(snapshots.Count, tagged.GetInt32());
    }

    [Fact]
    public async Task DescribeImagesAsync_ImageFromSnapshot_ListsTheSnapshot()
    {
        var ids = await Moto.Boto3Async("""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            s = ec2.create_snapshot(VolumeId=v)["SnapshotId"]
            image = ec2.register_image(Name="app-2026-11", RootDeviceName="/dev/xvda", BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": s}}])["ImageId"]
            # moto backs the image with a snapshot of its own; what matters is that we read what boto3 reads.
            seen = ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"]
            out({"snapshots": [m["Ebs"]["SnapshotId"] for m in seen if "Ebs" in m], "image": image})
            """);

        var images = await CreateSut().DescribeImagesAsync(new DescribeRequest { Owners = ["self"] }, CancellationToken.None).ToListAsync();

        var image = Assert.Single(images, i => i.ImageId == ids.GetProperty("image").GetString());
        Assert.NotEmpty(image.SnapshotIds);
        Assert.Equal(ids.GetProperty("snapshots").EnumerateArray().Select(e => e.GetString()!), image.SnapshotIds);
    }

    private Ec2BlockStorage CreateSut() => new(Moto.Configuration());

    private async Task<string> CreateSnapshotWithBoto3Async() => (await Moto.Boto3Async("""
        ec2 = client("ec2")
        v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
        out(ec2.create_snapshot(VolumeId=v)["SnapshotId"])
        """)).GetString()!;
}
