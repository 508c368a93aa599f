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
/// a snapshot of this slot (a repeated delivery) is skipped.
/// </summary>
public sealed partial class SnapshotHandler(IBlockStorage ec2, ISnapshotCatalog catalog, IFilesystemFreezer freezer, INotifier notifier, TokenBucket bucket, RetryStatistics? retries = null)
{
    public const string InstanceTag = "lifeguard:instance";

    public async Task<SnapshotReport> HandleAsync(SnapshotEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var (retention, fired) = Validate(input, context);
        var slot = SnapshotSlot.For(input.Tier, fired);
        var expiresAt = retention.AddTo(fired);
        var dryRun = input.DryRun || context.DryRun;
        var throttledBefore = retries?.Throttled ?? 0;
        var run = new Run(input.Tier, slot, expiresAt, dryRun, context);

        var instances = await FindInstancesAsync(input, cancellationToken).ConfigureAwait(false);
        var covered = instances.SelectMany(i => i.BlockDevices.Select(b => b.VolumeId)).ToHashSet(StringComparer.Ordinal);
        var volumes = (await FindVolumesAsync(input, cancellationToken).ConfigureAwait(false)).Where(v => !covered.Contains(v.VolumeId)).ToList();
        var done = await ec2.DescribeSnapshotsAsync(new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter($"tag:{SnapshotTags.Slot}", slot)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        foreach (var instance in instances)
        {
            var existing = done.Where(s => s.Tag(InstanceTag) == instance.InstanceId || instance.BlockDevices.Any(b => b.VolumeId == s.VolumeId)).ToList();
            if (existing.Count > 0)
            {
                run.Skip(instance.InstanceId, existing, "already snapshotted in this slot");
                continue;
            }

            await run.CreateAsync(instance.InstanceId, () => CreateForInstanceAsync(run, instance, cancellationToken), cancellationToken).ConfigureAwait(false);
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

            await run.CreateAsync(volume.VolumeId, () => CreateForVolumeAsync(run, volume, instancesById, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var report = run.Report();
        context.Metrics.Add("SnapshotsCreated", report.Created.Sum(c => c.SnapshotIds.Count));
        context.Metrics.Add("SnapshotsSkipped", report.Skipped.Count);
        context.Metrics.Add("SnapshotsFailed", report.Failed.Count);
        context.Metrics.Add("Throttled", (retries?.Throttled ?? 0) - throttledBefore);
        if (report.Failed.Count > 0)
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

    private async Task<IReadOnlyList<Snapshot>> CreateForInstanceAsync(Run run, Instance instance, CancellationToken cancellationToken)
    {
        await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = await ec2.CreateSnapshotsAsync(new CreateSnapshotsRequest(instance.InstanceId)
        {
            Description = $"Lifeguard {run.Slot}",
            Tags = [.. run.Tags(Name(instance.Tags)), new(InstanceTag, instance.InstanceId)],
        }, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            await catalog.RecordAsync(snapshot.SnapshotId, snapshot.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        }

        return snapshots;
    }

    private async Task<IReadOnlyList<Snapshot>> CreateForVolumeAsync(Run run, Volume volume, Dictionary<string, Instance> instances, CancellationToken cancellationToken)
    {
        var freeze = FreezeTarget(run, volume, instances);
        await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
        Snapshot snapshot;
        try
        {
            // Inside the try: a freeze that failed or was cut off may still have frozen the filesystem, and the thaw
            // (harmless on a thawed one) must follow whatever happened.
            if (freeze is { } frozen)
            {
                await freezer.FreezeAsync(frozen.InstanceId, frozen.MountPoint, cancellationToken).ConfigureAwait(false);
            }

            // The snapshot's point in time is the moment EC2 accepts the call, so the thaw can follow at once.
            snapshot = await ec2.CreateSnapshotAsync(new CreateSnapshotRequest(volume.VolumeId)
            {
                Description = $"Lifeguard {run.Slot}",
                Tags = [.. run.Tags(Name(volume.Tags)), new(SnapshotTags.Volume, volume.VolumeId)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.MayHaveTakenEffect)
        {
            // CreateSnapshot has no client token: look for this slot's snapshot before calling it a failure.
            var found = await ec2.DescribeSnapshotsAsync(new DescribeRequest
            {
                Owners = ["self"],
                Filters = [new Ec2Filter($"tag:{SnapshotTags.Slot}", run.Slot), new Ec2Filter("volume-id", volume.VolumeId)],
            }, CancellationToken.None).FirstOrDefaultAsync(CancellationToken.None).ConfigureAwait(false);
            snapshot = found ?? throw new AwsApiException(ex.Service, ex.Operation, ex.StatusCode, ex.ErrorCode,
                $"{ex.ErrorMessage}; no snapshot of this slot exists, so none was made", ex.RequestId, mayHaveTakenEffect: false, ex);
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

        await catalog.RecordAsync(snapshot.SnapshotId, volume.VolumeId, run.Tier, run.ExpiresAt, cancellationToken).ConfigureAwait(false);
        return [snapshot];
    }

    /// <summary>Where to freeze: the volume's `lifeguard:freeze` mount point on its instance; never the root volume.</summary>
    private static (string InstanceId, string MountPoint)? FreezeTarget(Run run, Volume volume, Dictionary<string, Instance> instances)
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

    private static string? Name(IReadOnlyList<Ec2Tag> tags) => tags.FirstOrDefault(t => t.Key == SnapshotTags.Name)?.Value;

    private async Task NotifyAsync(SnapshotReport report, InvocationContext context)
    {
        var lines = report.Failed.Select(f => $"- {f.Target}: {f.Detail}");
        var notification = new Notification(
            $"Lifeguard: {report.Failed.Count} {report.Tier} snapshot(s) failed",
            $"Lifeguard {report.Tier}: {report.Failed.Count} failed, {report.Created.Count} ok ({context.Function.Name})",
            $"The {report.Tier} snapshot run for slot {report.Slot} ({context.Function.Name}, request {context.RequestId}) could not snapshot:\n"
            + string.Join('\n', lines)
            + $"\n\nCreated: {report.Created.Count}; skipped: {report.Skipped.Count}. Snapshots made now expire at {report.ExpiresAt}.");
        await notifier.TryNotifyAsync(notification, context.Logger.NotifyFailed).ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex TierName();

    [GeneratedRegex("^vol-[0-9a-f]{8,17}$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex InstanceId();

    /// <summary>One run's state: what it creates and tags, and what happened to each target.</summary>
    private sealed class Run(string tier, string slot, DateTimeOffset expiresAt, bool dryRun, InvocationContext context)
    {
        private readonly List<TargetOutcome> _created = [];
        private readonly List<TargetOutcome> _skipped = [];
        private readonly List<TargetOutcome> _failed = [];
        private readonly Dictionary<string, string> _notes = new(StringComparer.Ordinal);

        public string Tier => tier;

        public string Slot => slot;

        public DateTimeOffset ExpiresAt => expiresAt;

        public InvocationContext Context => context;

        public IEnumerable<Ec2Tag> Tags(string? name)
        {
            yield return new(SnapshotTags.Managed, "true");
            yield return new(SnapshotTags.Tier, tier);
            yield return new(SnapshotTags.ExpiresAt, SnapshotSlot.FormatExpiry(expiresAt));
            yield return new(SnapshotTags.Slot, slot);
            if (name is not null)
            {
                yield return new(SnapshotTags.Name, name);
            }
        }

        public void Note(string target, string note) => _notes[target] = note;

        public void Skip(string target, IReadOnlyList<Snapshot> existing, string reason)
        {
            context.Logger.Skipped(target, reason);
            _skipped.Add(new TargetOutcome(target, [.. existing.Select(s => s.SnapshotId)], reason));
        }

        public async Task CreateAsync(string target, Func<Task<IReadOnlyList<Snapshot>>> create, CancellationToken cancellationToken)
        {
            if (dryRun)
            {
                _created.Add(new TargetOutcome(target, [], "dry run: would snapshot"));
                return;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                _failed.Add(new TargetOutcome(target, [], "not reached before the deadline"));
                return;
            }

            try
            {
                var snapshots = await create().ConfigureAwait(false);
                var ids = snapshots.Select(s => s.SnapshotId).ToList();
                var joined = string.Join(',', ids);
                var expires = SnapshotSlot.FormatExpiry(expiresAt);
                context.Logger.Created(joined, target, slot, expires);
                _created.Add(new TargetOutcome(target, ids, _notes.GetValueOrDefault(target)));
            }
            catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or TimeoutException or ArgumentException
                || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                context.Logger.Failed(ex, target);
                _failed.Add(new TargetOutcome(target, [], ex.Message));
            }
        }

        public SnapshotReport Report() => new(tier, slot, SnapshotSlot.FormatExpiry(expiresAt), dryRun, _created, _skipped, _failed);
    }
}
