using Lifeguard.Aws;
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
        IReadOnlyList<Snapshot> snapshots;
        try
        {
            snapshots = await ec2.CreateSnapshotsAsync(new CreateSnapshotsRequest(instance.InstanceId)
            {
                Description = run.Description,
                Tags = [.. run.Tags(instance.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value), new(InstanceTag, instance.InstanceId)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // No client token either: look for the slot's snapshots of this instance before calling it a failure.
            var volumes = instance.BlockDevices.Count(b => b.VolumeId.Length > 0);
            snapshots = await SlotLookup.FindAsync(ec2, ex,
                [new Ec2Filter($"tag:{SnapshotTags.Slot}", run.Slot), new Ec2Filter($"tag:{InstanceTag}", instance.InstanceId)], volumes, run.Context.Time, cancellationToken).ConfigureAwait(false);
            if (snapshots.Count < volumes)
            {
                run.Note(instance.InstanceId, $"the answer was lost; {snapshots.Count} of its {volumes} volumes' snapshots are listed so far");
            }
        }

        foreach (var snapshot in snapshots)
        {
            await catalog.RecordAsync(snapshot.SnapshotId, snapshot.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        }

        return snapshots;
    }
}
