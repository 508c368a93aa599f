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
    public async Task Expire_SimpleDbCatalog_DeletesWhatTheCatalogSaysIsDueAndForgetsIt()
    {
        var ids = await Moto.Boto3Async("""
            ec2 = client("ec2")
            v = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
            tags = [{"ResourceType": "snapshot", "Tags": [{"Key": "lifeguard:managed", "Value": "true"}, {"Key": "lifeguard:expires-at", "Value": "2099-01-01T00:00:00Z"}]}]
            due = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)["SnapshotId"]
            protected = ec2.create_snapshot(VolumeId=v, TagSpecifications=[{"ResourceType": "snapshot", "Tags": tags[0]["Tags"] + [{"Key": "lifeguard:protect", "Value": "x"}]}])["SnapshotId"]
            keep = ec2.create_snapshot(VolumeId=v, TagSpecifications=tags)["SnapshotId"]
            ec2.delete_volume(VolumeId=v)
            out({"due": due, "protected": protected, "keep": keep})
            """);
        var simpleDb = new InMemorySimpleDb();
        var catalog = new SimpleDbCatalog(simpleDb, "snapshot");
        var now = TimeProvider.System.GetUtcNow();
        await catalog.RecordAsync(ids.GetProperty("due").GetString()!, "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync(ids.GetProperty("protected").GetString()!, "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        await catalog.RecordAsync(ids.GetProperty("keep").GetString()!, "vol-x", "daily", now.AddDays(1), CancellationToken.None);
        await catalog.RecordAsync("snap-0000000000000dead", "vol-x", "daily", now.AddDays(-1), CancellationToken.None);
        var handler = new ExpireHandler(new Ec2BlockStorage(Moto.Configuration()), catalog, new SnsNotifier(new Lifeguard.Aws.Sns.SnsClient(Moto.Configuration()), null),
            new TokenBucket(100, 100, TimeProvider.System), new SnapshotsOptions());

        var report = await handler.HandleAsync(new ExpireEvent(), TestContexts.Create("expire"), CancellationToken.None);

        Assert.Equal([ids.GetProperty("due").GetString()!], report.Deleted);
        Assert.Equal(Lifeguard.Snapshots.Domain.ExpirySkipReason.Protected, report.Skipped.Single().Reason);
        Assert.Equal(new[] { ids.GetProperty("protected").GetString()!, ids.GetProperty("keep").GetString()! }.Order(), simpleDb.Items.Keys.Order());
    }

}
