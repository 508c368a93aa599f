using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>One volume's snapshot, its filesystem frozen around it when the volume is tagged `lifeguard:freeze`.</summary>
public sealed class VolumeSnapshotAction(IBlockStorage ec2, ISnapshotTagger tagger, ISnapshotCatalog catalog, IFilesystemFreezer freezer)
{
    /// <param name="instances">The instances the freeze-tagged volumes are attached to, by id.</param>
    /// <param name="runVolumes">Every volume the run snapshots one by one.</param>
    public async Task<CreatedSnapshots> RunAsync(SnapshotRun run, Volume volume, IReadOnlyDictionary<string, Instance> instances, IReadOnlyList<Volume> runVolumes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(volume);
        var freeze = new FreezeSession(FreezePlan.ForVolume(volume, instances, runVolumes), freezer, run.Context);
        Snapshot snapshot;
        DateTimeOffset? answeredAt = null;
        try
        {
            (snapshot, answeredAt) = await freeze.AroundAsync(() => ec2.CreateSnapshotAsync(new CreateSnapshotRequest(volume.VolumeId)
            {
                Description = run.Description,
                Tags = [.. run.Tags(volume.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value), new(SnapshotTags.Volume, volume.VolumeId)],
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // CreateSnapshot has no client token: look for this slot's snapshot (thawed by now) before calling it a failure.
            var found = await SlotLookup.FindAsync(ec2, ex, [new Ec2Filter($"tag:{SnapshotTags.Slot}", run.Slot), new Ec2Filter("volume-id", volume.VolumeId)],
                expected: 1, run.Context.Time, cancellationToken).ConfigureAwait(false);
            snapshot = found[0];
        }

        var created = await freeze.CompleteAsync(tagger, [snapshot], answeredAt, [], cancellationToken).ConfigureAwait(false);
        await catalog.RecordAsync(snapshot.SnapshotId, volume.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        return created;
    }
}
