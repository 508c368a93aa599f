using System.Text.RegularExpressions;
using Lifeguard.Aws;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;

namespace Lifeguard.Snapshots;

/// <summary>
/// `snapshot`: one tier's run. Targets are the volumes and instances tagged `lifeguard:backup` for this tier, or the
/// ones the event names. Each snapshot is tagged at creation with its tier, expiry and slot; a target that already has
/// a snapshot of this slot (a repeated delivery) is skipped. Both paths freeze the `lifeguard:freeze` mount points
/// they cover; a target that failed, or whose freeze did not hold, is alerted.
/// </summary>
public sealed partial class SnapshotHandler(
    IBlockStorage ec2, ISnapshotTagger tagger, ISnapshotCatalog catalog, IFilesystemFreezer freezer, INotifier notifier, TokenBucket bucket, RetryStatistics? retries = null)
{
    /// <summary>EC2 takes at most 200 values per filter.</summary>
    private const int FilterValues = 200;

    private readonly InstanceSnapshotAction _instanceSnapshot = new(ec2, tagger, catalog, freezer, bucket);
    private readonly VolumeSnapshotAction _volumeSnapshot = new(ec2, tagger, catalog, freezer, bucket);

    public async Task<SnapshotReport> HandleAsync(SnapshotEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var (retention, fired) = Validate(input, context);
        var slot = SnapshotSlot.For(input.Tier, fired);
        var expiresAt = retention.AddTo(fired);
        var dryRun = input.DryRun || context.DryRun;
        var throttledBefore = retries?.Throttled ?? 0;
        var run = new SnapshotRun(input.Tier, slot, expiresAt, dryRun, context);

        var instances = await FindInstancesAsync(input, cancellationToken).ConfigureAwait(false);
        var covered = instances.SelectMany(i => i.BlockDevices.Select(b => b.VolumeId)).ToHashSet(StringComparer.Ordinal);
        var volumes = (await FindVolumesAsync(input, cancellationToken).ConfigureAwait(false)).Where(v => !covered.Contains(v.VolumeId)).ToList();
        var done = await ec2.DescribeSnapshotsAsync(new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter($"tag:{SnapshotTags.Slot}", slot)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var pending = new List<Instance>();
        foreach (var instance in instances)
        {
            var existing = done.Where(s => s.Tag(SnapshotTags.Instance) == instance.InstanceId || instance.BlockDevices.Any(b => b.VolumeId == s.VolumeId)).ToList();
            if (existing.Count > 0)
            {
                run.Skip(instance.InstanceId, existing, "already snapshotted in this slot");
                continue;
            }

            pending.Add(instance);
        }

        var freezeTagged = await DescribeFreezeTaggedVolumesAsync(pending, cancellationToken).ConfigureAwait(false);
        foreach (var instance in pending)
        {
            await run.CreateAsync(instance.InstanceId, () => _instanceSnapshot.RunAsync(run, instance, freezeTagged[instance.InstanceId], cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var instancesById = await DescribeAttachedInstancesAsync(volumes, cancellationToken).ConfigureAwait(false);
        foreach (var volume in volumes)
        {
            var existing = done.Where(s => s.VolumeId == volume.VolumeId).ToList();
            if (existing.Count > 0)
            {
                run.Skip(volume.VolumeId, existing, "already snapshotted in this slot");
                continue;
            }

            await run.CreateAsync(volume.VolumeId, () => _volumeSnapshot.RunAsync(run, volume, instancesById, volumes, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var report = run.Report();
        context.Metrics.Add("SnapshotsCreated", report.Created.Sum(c => c.SnapshotIds.Count));
        context.Metrics.Add("SnapshotsSkipped", report.Skipped.Count);
        context.Metrics.Add("SnapshotsFailed", report.Failed.Count);
        context.Metrics.Add("SnapshotsDegraded", report.Degraded.Count);
        context.Metrics.Add("Throttled", (retries?.Throttled ?? 0) - throttledBefore);
        if (report.Failed.Count > 0 || report.Degraded.Count > 0)
        {
            await NotifyAsync(report, context).ConfigureAwait(false);
        }

        return report;
    }

    private static (Retention Retention, DateTimeOffset Fired) Validate(SnapshotEvent input, InvocationContext context)
    {
        if (!TierName().IsMatch(input.Tier))
        {
            throw new InvalidEventException($"tier '{input.Tier}' must be 1-32 lower-case letters, digits or hyphens, such as \"daily\".");
        }

        Retention retention;
        try
        {
            retention = Retention.Parse(input.Retention);
        }
        catch (FormatException ex)
        {
            throw new InvalidEventException(ex.Message, ex);
        }

        foreach (var (id, index) in input.VolumeIds.Select((id, i) => (id, i)))
        {
            if (!VolumeId().IsMatch(id))
            {
                throw new InvalidEventException($"volumeIds[{index}] '{id}' is not a volume id such as vol-0123456789abcdef0.");
            }
        }

        foreach (var (id, index) in input.InstanceIds.Select((id, i) => (id, i)))
        {
            if (!InstanceId().IsMatch(id))
            {
                throw new InvalidEventException($"instanceIds[{index}] '{id}' is not an instance id such as i-0123456789abcdef0.");
            }
        }

        return (retention, input.Time ?? context.Time.GetUtcNow());
    }

    private async Task<List<Instance>> FindInstancesAsync(SnapshotEvent input, CancellationToken cancellationToken)
    {
        if (input.InstanceIds.Count > 0)
        {
            return await ec2.DescribeInstancesAsync(new DescribeRequest { Ids = input.InstanceIds }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        if (input.VolumeIds.Count > 0)
        {
            return [];
        }

        var tagged = await ec2.DescribeInstancesAsync(new DescribeRequest { Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup), new Ec2Filter("instance-state-name", "running", "stopped", "stopping")] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. tagged.Where(i => BackupTag.Includes(i.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Backup)?.Value, input.Tier))];
    }

    private async Task<List<Volume>> FindVolumesAsync(SnapshotEvent input, CancellationToken cancellationToken)
    {
        if (input.VolumeIds.Count > 0)
        {
            return await ec2.DescribeVolumesAsync(new DescribeRequest { Ids = input.VolumeIds }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        if (input.InstanceIds.Count > 0)
        {
            return [];
        }

        var tagged = await ec2.DescribeVolumesAsync(new DescribeRequest { Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. tagged.Where(v => BackupTag.Includes(v.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Backup)?.Value, input.Tier))];
    }

    private async Task<Dictionary<string, Instance>> DescribeAttachedInstancesAsync(List<Volume> volumes, CancellationToken cancellationToken)
    {
        var ids = volumes.Where(v => v.Tags.Any(t => t.Key == SnapshotTags.Freeze)).SelectMany(v => v.Attachments.Select(a => a.InstanceId)).Distinct().ToList();
        return ids.Count == 0
            ? []
            : (await ec2.DescribeInstancesAsync(new DescribeRequest { Ids = ids }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
    }

    /// <summary>
    /// The instance path's freeze candidates: the volumes attached to <paramref name="instances"/> that carry a
    /// `lifeguard:freeze` tag, by instance.
    /// </summary>
    private async Task<ILookup<string, Volume>> DescribeFreezeTaggedVolumesAsync(List<Instance> instances, CancellationToken cancellationToken)
    {
        var volumes = new List<Volume>();
        foreach (var ids in instances.Select(i => i.InstanceId).Chunk(FilterValues))
        {
            volumes.AddRange(await ec2.DescribeVolumesAsync(new DescribeRequest
            {
                Filters = [new Ec2Filter("tag-key", SnapshotTags.Freeze), new Ec2Filter("attachment.instance-id", ids)],
            }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return volumes.SelectMany(v => v.Attachments.Select(a => (a.InstanceId, Volume: v))).ToLookup(a => a.InstanceId, a => a.Volume, StringComparer.Ordinal);
    }

    private async Task NotifyAsync(SnapshotReport report, InvocationContext context)
    {
        var sections = new List<string>();
        if (report.Failed.Count > 0)
        {
            sections.Add("Could not snapshot:\n" + string.Join('\n', report.Failed.Select(f => $"- {f.Target}: {f.Detail}")));
        }

        if (report.Degraded.Count > 0)
        {
            sections.Add("Snapshotted crash-consistent although lifeguard:freeze asks for a frozen filesystem (tagged lifeguard:consistency=crash):\n"
                + string.Join('\n', report.Degraded.Select(d => $"- {d.Target} ({string.Join(", ", d.SnapshotIds)}): {d.Detail}")));
        }

        var subject = report.Failed.Count > 0
            ? $"Lifeguard: {report.Failed.Count} {report.Tier} snapshot(s) failed"
            : $"Lifeguard: {report.Degraded.Count} {report.Tier} snapshot(s) only crash-consistent";
        var notification = new Notification(
            subject,
            $"Lifeguard {report.Tier}: {report.Failed.Count} failed, {report.Degraded.Count} crash-consistent, {report.Created.Count} ok ({context.Function.Name})",
            $"The {report.Tier} snapshot run for slot {report.Slot} ({context.Function.Name}, request {context.RequestId}):\n\n"
            + string.Join("\n\n", sections)
            + $"\n\nCreated: {report.Created.Count}; skipped: {report.Skipped.Count}. Snapshots made now expire at {report.ExpiresAt}.");
        await notifier.TryNotifyAsync(notification, context.Logger.NotifyFailed).ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex TierName();

    [GeneratedRegex("^vol-[0-9a-f]{8,17}$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex InstanceId();
}
