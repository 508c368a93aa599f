using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>All of an instance's volumes at one point in time (CreateSnapshots), tagged with the instance.</summary>
public sealed class InstanceSnapshotAction(IBlockStorage ec2, ISnapshotCatalog catalog, TokenBucket bucket)
{
    public const string InstanceTag = "lifeguard:instance";

    public async Task<IReadOnlyList<Snapshot>> RunAsync(SnapshotRun run, Instance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(instance);
        await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = await ec2.CreateSnapshotsAsync(new CreateSnapshotsRequest(instance.InstanceId)
        {
            Description = run.Description,
            Tags = [.. run.Tags(instance.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value), new(InstanceTag, instance.InstanceId)],
        }, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            await catalog.RecordAsync(snapshot.SnapshotId, snapshot.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        }

        return snapshots;
    }
}
