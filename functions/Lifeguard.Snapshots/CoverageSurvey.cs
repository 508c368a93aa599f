using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// Reads what the coverage check judges, in a fixed number of listings whatever the estate's size: the volumes and
/// instances tagged `lifeguard:backup`, the volumes attached to those instances (by filter, 200 instances a call), and
/// one DescribeSnapshots listing of every managed snapshot.
/// </summary>
public sealed class CoverageSurvey(IBlockStorage ec2)
{
    public async Task<CoverageWorld> ReadAsync(IReadOnlyList<string> tiers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var taggedVolumes = await ec2.DescribeVolumesAsync(new DescribeRequest { Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup)], MaxResults = 500 }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // The states the snapshot function takes instances in; a terminated instance keeps its tags for a while.
        var taggedInstances = await ec2.DescribeInstancesAsync(new DescribeRequest
        {
            Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup), new Ec2Filter("instance-state-name", "pending", "running", "stopped", "stopping")],
        }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var instanceTags = taggedInstances.ToDictionary(i => i.InstanceId, i => BackupTag.Read(Tag(i.Tags, SnapshotTags.Backup), tiers), StringComparer.Ordinal);
        var instancesById = taggedInstances.ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
        var protecting = taggedInstances.Where(i => instanceTags[i.InstanceId].Tiers.Count > 0).Select(i => i.InstanceId).ToList();

        var volumes = taggedVolumes.ToDictionary(v => v.VolumeId, StringComparer.Ordinal);
        foreach (var volume in await DescribeRequest.AllAsync(DescribeRequest.ByValues("attachment.instance-id", protecting), ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false))
        {
            // A restore drill's volume, attached for a moment to a drill instance tagged lifeguard:backup, is not one to protect.
            if (!volume.Tags.Any(t => t.Key == DrillTags.Drill))
            {
                volumes.TryAdd(volume.VolumeId, volume);
            }
        }

        var targets = new List<CoverageTarget>();
        foreach (var volume in volumes.Values.Where(v => v.State is not ("deleting" or "deleted")).OrderBy(v => v.VolumeId, StringComparer.Ordinal))
        {
            var ownValue = Tag(volume.Tags, SnapshotTags.Backup);
            var own = ownValue is null ? null : BackupTag.Read(ownValue, tiers);
            var via = volume.Attachments.Select(a => a.InstanceId).Where(id => instanceTags.TryGetValue(id, out var tag) && tag.Tiers.Count > 0)
                .Distinct().Order(StringComparer.Ordinal).ToList();
            var volumeTiers = tiers.Where(t => (own?.Tiers.Contains(t) ?? false) || via.Any(i => instanceTags[i].Tiers.Contains(t))).ToList();
            if (volumeTiers.Count == 0)
            {
                continue;
            }

            var state = StateTag.Unprotected(volume.VolumeId, own is not null, via.FirstOrDefault());
            var stateTags = state.ResourceId == volume.VolumeId ? volume.Tags : instancesById[state.ResourceId].Tags;
            var name = Tag(volume.Tags, SnapshotTags.Name) ?? via.Select(i => Tag(instancesById[i].Tags, SnapshotTags.Name)).FirstOrDefault(n => n is not null);
            targets.Add(new CoverageTarget(volume.VolumeId, name, volume.CreateTime, volumeTiers, via, state, Tag(stateTags, state.Key)));
        }

        var tagged = taggedVolumes.Select(v => (Id: v.VolumeId, v.Tags)).Concat(taggedInstances.Select(i => (Id: i.InstanceId, i.Tags))).ToList();
        var invalid = new List<InvalidBackupTag>();
        var present = new List<StateTag>();
        foreach (var (id, tags) in tagged)
        {
            var value = BackupTag.Read(Tag(tags, SnapshotTags.Backup), tiers);
            if (value.IsInvalid)
            {
                invalid.Add(new InvalidBackupTag(id, value.Value, value.Unknown.Count > 0 ? value.Unknown : [value.Value], Tag(tags, SnapshotTags.BackupTagInvalid)));
            }

            present.AddRange(tags.Where(t => t.Key == SnapshotTags.BackupTagInvalid || t.Key == SnapshotTags.UnprotectedSince || t.Key.StartsWith(SnapshotTags.UnprotectedSince + ":", StringComparison.Ordinal))
                .Select(t => new StateTag(id, t.Key)));
        }

        // One listing of everything managed, not one per volume: the check's cost does not grow with the estate's calls.
        var snapshots = await ec2.DescribeSnapshotsAsync(
            new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter($"tag:{SnapshotTags.Managed}", "true")], MaxResults = 1000 }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CoverageWorld(targets, invalid, present, snapshots);
    }

    private static string? Tag(IReadOnlyList<Ec2Tag> tags, string key) => tags.FirstOrDefault(t => t.Key == key)?.Value;
}
