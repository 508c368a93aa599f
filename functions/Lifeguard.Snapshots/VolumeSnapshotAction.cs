using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>One volume's snapshot, its filesystem frozen around it when the volume is tagged `lifeguard:freeze`.</summary>
public sealed class VolumeSnapshotAction(IBlockStorage ec2, ISnapshotCatalog catalog, IFilesystemFreezer freezer, TokenBucket bucket)
{
    /// <param name="instances">The instances the freeze-tagged volumes are attached to, by id.</param>
    public async Task<IReadOnlyList<Snapshot>> RunAsync(SnapshotRun run, Volume volume, IReadOnlyDictionary<string, Instance> instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(volume);
        var freeze = FreezeTarget(run, volume, instances);
        await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
        Snapshot snapshot;
        try
        {
            snapshot = await CreateWhileFrozenAsync(run, volume, freeze, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // CreateSnapshot has no client token: look for this slot's snapshot (thawed by now) before calling it a failure.
            var found = await SlotLookup.FindAsync(ec2, ex, [new Ec2Filter($"tag:{SnapshotTags.Slot}", run.Slot), new Ec2Filter("volume-id", volume.VolumeId)],
                expected: 1, run.Context.Time, cancellationToken).ConfigureAwait(false);
            snapshot = found[0];
        }

        await catalog.RecordAsync(snapshot.SnapshotId, volume.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        return [snapshot];
    }

    private async Task<Snapshot> CreateWhileFrozenAsync(SnapshotRun run, Volume volume, (string InstanceId, string MountPoint)? freeze, CancellationToken cancellationToken)
    {
        try
        {
            // Inside the try: a freeze that failed or was cut off may still have frozen the filesystem, and the thaw
            // (harmless on a thawed one) must follow whatever happened.
            if (freeze is { } frozen)
            {
                await freezer.FreezeAsync(frozen.InstanceId, frozen.MountPoint, cancellationToken).ConfigureAwait(false);
            }

            // The snapshot's point in time is the moment EC2 accepts the call, so the thaw can follow at once.
            return await ec2.CreateSnapshotAsync(new CreateSnapshotRequest(volume.VolumeId)
            {
                Description = run.Description,
                Tags = [.. run.Tags(volume.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value), new(SnapshotTags.Volume, volume.VolumeId)],
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (freeze is { } toThaw)
            {
                try
                {
                    // Thawing must happen whatever failed, even after the deadline token fired.
                    await freezer.ThawAsync(toThaw.InstanceId, toThaw.MountPoint, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception thawError) when (thawError is not OutOfMemoryException)
                {
                    run.Context.Logger.ThawFailed(thawError, toThaw.MountPoint, toThaw.InstanceId);
                }
            }
        }
    }

    /// <summary>Where to freeze: the volume's `lifeguard:freeze` mount point on its instance; never the root volume.</summary>
    private static (string InstanceId, string MountPoint)? FreezeTarget(SnapshotRun run, Volume volume, IReadOnlyDictionary<string, Instance> instances)
    {
        var mountPoint = volume.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Freeze)?.Value;
        if (mountPoint is null || volume.Attachments.Count == 0)
        {
            return null;
        }

        var attachment = volume.Attachments[0];
        if (instances.TryGetValue(attachment.InstanceId, out var instance) && instance.RootDeviceName == attachment.Device)
        {
            run.Note(volume.VolumeId, "root volume: never frozen, snapshot is crash-consistent");
            return null;
        }

        SsmFilesystemFreezer.Validate(mountPoint);
        return (attachment.InstanceId, mountPoint);
    }
}
