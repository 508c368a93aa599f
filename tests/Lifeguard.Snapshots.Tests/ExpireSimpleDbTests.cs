using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Aws.Sns;
using Lifeguard.Snapshots.Tests.Adapters;
using Lifeguard.TestSupport;

namespace Lifeguard.Snapshots.Tests;

/// <summary>Expire with the SimpleDB catalog: the catalog says what is due, the tags still decide what is safe.</summary>
[Trait("Category", "Integration")]
public sealed class ExpireSimpleDbTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Expire_SimpleDbCatalog_DeletesWhatTagAndCatalogBothSayIsDueAndForgetsIt_AndKeepsAnExtendedOne()
    {
        // "extended": the catalog says due, but an operator moved its expires-at tag to 2099; the tag wins, and the
        // disagreement is reported.
        var ids = await Moto.Boto3Async("""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            def tags(expires, extra=[]):
                return [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:volume", "Value": v}, {"Key": "lifeguard:expires-at", "Value": expires}] + extra}]
            due = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags("2026-01-01T00:00:00Z"))["SnapshotId"]
            protected = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags("2026-01-01T00:00:00Z", [{"Key": "lifeguard:protect", "Value": "x"}]))["SnapshotId"]
            extended = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags("2099-01-01T00:00:00Z"))["SnapshotId"]
            keep = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags("2099-01-01T00:00:00Z"))["SnapshotId"]
            ec2.delete_volume(VolumeId=v)
            out({"due": due, "protected": protected, "extended": extended, "keep": keep})
            """);
        var simpleDb = new InMemorySimpleDb();
        var catalog = new SimpleDbCatalog(simpleDb, "snapshot");
        var now = TimeProvider.System.GetUtcNow();
        await catalog.RecordAsync(ids.GetProperty("due").GetString()!, "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync(ids.GetProperty("protected").GetString()!, "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync(ids.GetProperty("extended").GetString()!, "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync(ids.GetProperty("keep").GetString()!, "vol-x", "daily", now.AddDays(1), CancellationToken.None);
        await catalog.RecordAsync("snap-0000000000000dead", "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        var handler = new ExpireHandler(new Ec2BlockStorage(Moto.Configuration()), catalog, new SnsNotifier(new Lifeguard.Aws.Sns.SnsClient(Moto.Configuration()), null),
            new TokenBucket(100, 100, TimeProvider.System), new SnapshotsOptions());

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Equal([ids.GetProperty("due").GetString()!], report.Deleted);
        Assert.Equal(
            [(ids.GetProperty("protected").GetString()!, ExpirySkipReason.Protected), (ids.GetProperty("extended").GetString()!, ExpirySkipReason.CatalogDisagrees)],
            report.Skipped.Select(s => (s.SnapshotId, s.Reason)).OrderBy(s => s.Reason));
        Assert.Equal(
            new[] { ids.GetProperty("protected").GetString()!, ids.GetProperty("extended").GetString()!, ids.GetProperty("keep").GetString()! }.Order(),
            simpleDb.Items.Keys.Order());
    }

}
