using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// What to freeze around one snapshot call, decided from the tags alone: every `lifeguard:freeze` mount point of the
/// volumes taken, never the root volume's, and only on a running instance tagged `lifeguard:freeze-allowed=true` (the
/// only instances the IAM policy lets the function send commands to). <see cref="Notes"/> say what is left unfrozen by
/// design; <see cref="Refusals"/> are freezes asked for that cannot happen, so the snapshot is crash-consistent, which
/// is reported and alerted, never silent.
/// </summary>
/// <remarks>A pure decision that belongs in Domain/ beside SnapshotTags once that folder is free to change.</remarks>
public sealed record FreezePlan(IReadOnlyList<FreezeTarget> Targets, IReadOnlyList<string> Notes, IReadOnlyList<string> Refusals)
{
    public static readonly FreezePlan None = new([], [], []);

    /// <summary>The instance path: the freeze-tagged volumes attached to <paramref name="instance"/>.</summary>
    public static FreezePlan ForInstance(Instance instance, IEnumerable<Volume> freezeTagged)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(freezeTagged);
        var attached = freezeTagged.SelectMany(v => v.Attachments.Where(a => a.InstanceId == instance.InstanceId).Take(1).Select(a => (v, a.Device)));
        return For(instance.InstanceId, instance, attached);
    }

    /// <summary>
    /// The volume path: the volume's own mount point on the instance it is attached to. Never for a multi-attached
    /// volume (a freeze on one node cannot make it consistent) nor for a filesystem that spans other volumes of the
    /// run (an LVM or RAID set): taken one at a time, those snapshots are not one point in time, frozen or not; the
    /// instance path takes them together.
    /// </summary>
    /// <param name="instances">The instances freeze-tagged volumes are attached to, by id.</param>
    /// <param name="runVolumes">Every volume this run snapshots one by one.</param>
    public static FreezePlan ForVolume(Volume volume, IReadOnlyDictionary<string, Instance> instances, IReadOnlyList<Volume> runVolumes)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(runVolumes);
        if (MountPoint(volume) is not { } mountPoint)
        {
            return None;
        }

        if (volume.Attachments.Count == 0)
        {
            return new([], ["not attached: no filesystem to freeze"], []);
        }

        if (volume.Attachments.Count > 1)
        {
            return new([], [], [$"{volume.VolumeId} is attached to {volume.Attachments.Count} instances (multi-attach): a freeze on one of them cannot make it consistent, so {mountPoint} was not frozen"]);
        }

        var attachment = volume.Attachments[0];
        var spanned = runVolumes
            .Where(v => v.VolumeId != volume.VolumeId && MountPoint(v) == mountPoint && v.Attachments.Any(a => a.InstanceId == attachment.InstanceId))
            .Select(v => v.VolumeId)
            .ToList();
        if (spanned.Count > 0)
        {
            return new([], [], [$"{mountPoint} on {attachment.InstanceId} spans {volume.VolumeId} and {string.Join(", ", spanned)}, which are snapshotted one at a time and so not at one point in time, frozen or not: tag {attachment.InstanceId} {SnapshotTags.Backup} (and not its volumes) to take them together in one CreateSnapshots"]);
        }

        return For(attachment.InstanceId, instances.GetValueOrDefault(attachment.InstanceId), [(volume, attachment.Device)]);
    }

    private static FreezePlan For(string instanceId, Instance? instance, IEnumerable<(Volume Volume, string Device)> volumes)
    {
        var mounts = new List<(string MountPoint, string VolumeId)>();
        var notes = new List<string>();
        var refusals = new List<string>();
        foreach (var (volume, device) in volumes)
        {
            if (MountPoint(volume) is not { } mountPoint)
            {
                continue;
            }

            if (instance is null)
            {
                refusals.Add($"{volume.VolumeId}'s instance {instanceId} was not found, so {mountPoint} was not frozen");
            }
            else if (device == instance.RootDeviceName)
            {
                notes.Add($"root volume {volume.VolumeId}: never frozen, its snapshot is crash-consistent");
            }
            else if (instance.State != "running")
            {
                notes.Add($"{instanceId} is {instance.State}: no filesystem to freeze");
            }
            else if (!instance.Tags.Any(t => t.Key == SnapshotTags.FreezeAllowed && string.Equals(t.Value, "true", StringComparison.OrdinalIgnoreCase)))
            {
                refusals.Add($"{instanceId} is not tagged {SnapshotTags.FreezeAllowed}=true, which the IAM policy requires to run fsfreeze there, so {mountPoint} ({volume.VolumeId}) was not frozen");
            }
            else if (SsmFilesystemFreezer.Problem(mountPoint) is { } problem)
            {
                refusals.Add($"{volume.VolumeId}: {problem}");
            }
            else
            {
                mounts.Add((mountPoint, volume.VolumeId));
            }
        }

        // One freeze per filesystem, however many volumes it spans.
        var targets = mounts.GroupBy(m => m.MountPoint, StringComparer.Ordinal)
            .Select(g => new FreezeTarget(instanceId, g.Key, [.. g.Select(m => m.VolumeId)]))
            .ToList();
        return new(targets, notes.Distinct(StringComparer.Ordinal).ToList(), refusals);
    }

    private static string? MountPoint(Volume volume) => volume.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Freeze)?.Value;
}
