using System.Text.Json;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>
/// Copies to a second region and their expiry there, through the function package against moto (which keeps a copy's
/// source volume id where EC2 gives vol-ffffffff; the rules here go by tags, which both keep).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CopyTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Tiers = """[{"name":"daily","retention":"7 days"},{"name":"monthly","retention":"1 year","copyTo":{"region":"us-west-2","retention":"2 months"}}]""";

    [Fact]
    public async Task Copy_CopyingTier_CopiesEachCompletedSnapshotOnceTaggedWithItsSourceAndOwnExpiry()
    {
        var volume = await TaggedVolumeAsync();
        var host = Host();
        await host.InvokeAsync("snapshot", """{"tier":"monthly","retention":"1 year","time":"2026-11-01T03:00:00Z"}""");
        await host.InvokeAsync("snapshot", """{"tier":"daily","retention":"7 days","time":"2026-11-01T03:00:00Z"}""");

        var first = await host.InvokeAsync("copy", "{}");
        var second = await host.InvokeAsync("copy", "{}");

        var copied = Assert.Single(first.GetProperty("copied").EnumerateArray());
        Assert.Equal("us-west-2", copied.GetProperty("region").GetString());
        Assert.Empty(second.GetProperty("copied").EnumerateArray());
        var copies = await Moto.Boto3Async("""
            s = client("ec2", "us-west-2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"]
            out([dict({t["Key"]: t["Value"] for t in x.get("Tags", [])}, id=x["SnapshotId"], start=x["StartTime"]) for x in s])
            """);
        var copy = Assert.Single(copies.EnumerateArray());
        var original = await Moto.Boto3Async("""
            s = client("ec2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag:lifeguard:tier", "Values": ["monthly"]}])["Snapshots"][0]
            out({"id": s["SnapshotId"], "start": s["StartTime"]})
            """);
        Assert.Equal(original.GetProperty("id").GetString(), copy.GetProperty("lifeguard:copy-of").GetString());
        Assert.Equal(copy.GetProperty("id").GetString(), copy.GetProperty("lifeguard:copy-id").GetString());
        Assert.Equal("us-east-1", copy.GetProperty("lifeguard:source-region").GetString());
        Assert.Equal(volume, copy.GetProperty("lifeguard:volume").GetString());
        Assert.Equal("monthly", copy.GetProperty("lifeguard:tier").GetString());
        Assert.Equal("true", copy.GetProperty("lifeguard:managed").GetString());
        var start = DateTimeOffset.Parse(original.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(start.AddMonths(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), copy.GetProperty("lifeguard:expires-at").GetString());
    }

    [Fact]
    public async Task Copy_DryRun_CopiesNothing()
    {
        await TaggedVolumeAsync();
        var host = Host();
        await host.InvokeAsync("snapshot", """{"tier":"monthly","retention":"1 year","time":"2026-11-01T03:00:00Z"}""");

        var report = await host.InvokeAsync("copy", """{"dryRun":true}""");

        Assert.Single(report.GetProperty("copied").EnumerateArray());
        Assert.Equal(0, (await Moto.Boto3Async("""out(len(client("ec2", "us-west-2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"]))""")).GetInt32());
    }

    [Fact]
    public async Task Expire_CopyRegion_DeletesExpiredCopiesKeepsTheNewestOfALiveVolumeAndNeverACopyOfACopy()
    {
        await TaggedVolumeAsync();
        var host = Host();
        foreach (var month in new[] { "2026-09-01T03:00:00Z", "2026-10-01T03:00:00Z" })
        {
            await host.InvokeAsync("snapshot", $$"""{"tier":"monthly","retention":"1 year","time":"{{month}}"}""");
            await Task.Delay(1100); // moto's snapshot times have one-second resolution
        }

        await host.InvokeAsync("copy", "{}");
        // Someone copies a Lifeguard copy within us-west-2 with "copy tags": it carries another snapshot's copy-id.
        var foreign = await Moto.Boto3Async("""
            ec2 = client("ec2", "us-west-2")
            s = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"][0]
            tags = [t for t in s["Tags"]]
            out(ec2.copy_snapshot(SourceSnapshotId=s["SnapshotId"], SourceRegion="us-west-2", TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags}])["SnapshotId"])
            """);

        // Past both copies' two months and their tier retention: the older copy goes, the newer stays as the newest
        // of a volume that still exists, and the foreign copy stays as not ours.
        var report = await host.InvokeAsync("expire", """{"asOf":"2027-03-01T00:00:00Z"}""");

        var remaining = await Moto.Boto3Async("""
            s = client("ec2", "us-west-2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"]
            out(sorted(x["SnapshotId"] for x in s))
            """);
        Assert.Equal(2, remaining.GetArrayLength());
        Assert.Contains(foreign.GetString(), remaining.EnumerateArray().Select(r => r.GetString()));
        Assert.Single(report.GetProperty("deleted").EnumerateArray());
        var reasons = report.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("SnapshotId").GetString()!, s => s.GetProperty("Reason").GetString());
        Assert.Equal("NotOurs", reasons[foreign.GetString()!]);
        Assert.Contains("NewestOfVolume", reasons.Values);
    }

    [Fact]
    public async Task Expire_CopyRegion_LeavesAnotherDeploymentsSnapshotsThereAlone()
    {
        // us-west-2 runs its own Lifeguard: its managed snapshots of its own volumes are not copies made from here, and
        // their volumes do not exist in us-east-1.
        var theirs = await Moto.Boto3Async("""
            ec2 = client("ec2", "us-west-2")
            v = ec2.create_volume(AvailabilityZone="us-west-2a", Size=8)["VolumeId"]
            tags = [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": "2026-01-01T00:00:00Z"}]}]
            out([ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)["SnapshotId"] for _ in range(2)])
            """);

        var report = await Host().InvokeAsync("expire", """{"asOf":"2027-03-01T00:00:00Z"}""");

        Assert.Empty(report.GetProperty("deleted").EnumerateArray());
        var left = await Moto.Boto3Async("""out(len(client("ec2", "us-west-2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:managed"]}])["Snapshots"]))""");
        Assert.Equal(theirs.GetArrayLength(), left.GetInt32());
    }

    [Fact]
    public async Task Expire_OriginalWhoseCopyIsNotDoneYet_StaysUntilItIs()
    {
        await TaggedVolumeAsync();
        // Daily kept 7 days, copied and kept a month there: an expired daily whose copy never happened stays.
        var host = new SnapshotsHost(Moto, new Dictionary<string, string?>
        {
            ["LIFEGUARD_TIERS"] = """[{"name":"daily","retention":"7 days","copyTo":{"region":"us-west-2","retention":"1 month"}}]""",
        });
        await host.InvokeAsync("snapshot", """{"tier":"daily","retention":"7 days","time":"2026-11-01T03:00:00Z"}""");
        await Task.Delay(1100);
        await host.InvokeAsync("snapshot", """{"tier":"daily","retention":"7 days","time":"2026-11-02T03:00:00Z"}""");

        var asOf = TimeProvider.System.GetUtcNow().AddDays(10).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var report = await host.InvokeAsync("expire", $$"""{"asOf":"{{asOf}}"}""");

        Assert.Empty(report.GetProperty("deleted").EnumerateArray());
        Assert.Contains(report.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("Reason").GetString() == "AwaitingCopy");
    }

    [Fact]
    public async Task Copy_CopyWhoseOwnIdTagWasLost_IsMarkedByTheNextRunNotCopiedAgain()
    {
        await TaggedVolumeAsync();
        var host = Host();
        await host.InvokeAsync("snapshot", """{"tier":"monthly","retention":"1 year","time":"2026-11-01T03:00:00Z"}""");
        await host.InvokeAsync("copy", "{}");
        await Moto.Boto3Async("""
            ec2 = client("ec2", "us-west-2")
            s = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:copy-of"]}])["Snapshots"][0]
            ec2.delete_tags(Resources=[s["SnapshotId"]], Tags=[{"Key": "lifeguard:copy-id"}])
            out(None)
            """);

        var again = await host.InvokeAsync("copy", "{}");

        Assert.Empty(again.GetProperty("copied").EnumerateArray());
        var copy = await Moto.Boto3Async("""
            s = client("ec2", "us-west-2").describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag-key", "Values": ["lifeguard:copy-of"]}])["Snapshots"]
            out([{"id": x["SnapshotId"], "copyId": {t["Key"]: t["Value"] for t in x["Tags"]}.get("lifeguard:copy-id")} for x in s])
            """);
        var only = Assert.Single(copy.EnumerateArray());
        Assert.Equal(only.GetProperty("id").GetString(), only.GetProperty("copyId").GetString());
    }

    private SnapshotsHost Host() => new(Moto, new Dictionary<string, string?> { ["LIFEGUARD_TIERS"] = Tiers });

    private async Task<string> TaggedVolumeAsync() => (await Moto.Boto3Async("""
        tag = [{"ResourceType": "volume", "Tags": [{"Key": "lifeguard:backup", "Value": "true"}]}]
        out(client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8, TagSpecifications=tag)["VolumeId"])
        """)).GetString()!;
}
