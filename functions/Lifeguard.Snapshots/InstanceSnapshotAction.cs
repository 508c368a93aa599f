using Lifeguard.Aws;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// All of an instance's volumes at one point in time (CreateSnapshots), tagged with the instance, with every
/// `lifeguard:freeze` mount point of its data volumes frozen around the call.
/// </summary>
public sealed class InstanceSnapshotAction(IBlockStorage ec2, ISnapshotTagger tagger, ISnapshotCatalog catalog, IFilesystemFreezer freezer)
{
    /// <param name="freezeTagged">The instance's attached volumes that carry a `lifeguard:freeze` tag.</param>
    public async Task<CreatedSnapshots> RunAsync(SnapshotRun run, Instance instance, IEnumerable<Volume> freezeTagged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(instance);
        var freeze = new FreezeSession(FreezePlan.ForInstance(instance, freezeTagged), freezer, run.Context);
        IReadOnlyList<Snapshot> snapshots;
        DateTimeOffset? answeredAt = null;
        var notes = new List<string>();
        try
        {
            (snapshots, answeredAt) = await freeze.AroundAsync(() => ec2.CreateSnapshotsAsync(new CreateSnapshotsRequest(instance.InstanceId)
            {
                Description = run.Description,
                Tags = [.. run.Tags(instance.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value), new(SnapshotTags.Instance, instance.InstanceId)],
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // No client token either: look for the slot's snapshots of this instance (thawed by now) before calling it a failure.
            var volumes = instance.BlockDevices.Count(b => b.VolumeId.Length > 0);
            snapshots = await SlotLookup.FindAsync(ec2, ex, [new Ec2Filter($"tag:{SnapshotTags.Slot}", run.Slot), new Ec2Filter($"tag:{SnapshotTags.Instance}", instance.InstanceId)],
                volumes, run.Context.Time, cancellationToken).ConfigureAwait(false);
            if (snapshots.Count < volumes)
            {
                notes.Add($"the answer was lost; {snapshots.Count} of its {volumes} volumes' snapshots are listed so far");
            }
        }

        var created = await freeze.CompleteAsync(tagger, snapshots, answeredAt, notes, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            await catalog.RecordAsync(snapshot.SnapshotId, snapshot.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        }

        return created;
    }
}
