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
    IBlockStorage ec2,
    ISnapshotTagger tagger,
    ISnapshotCatalog catalog,
    IFilesystemFreezer freezer,
    INotifier notifier,
    TokenBucket bucket,
    RetryStatistics? retries = null,
    ISnapshotFollowUp? followUp = null,
    ISnapshotLocker? locker = null)
{
    /// <summary>Targets snapshotted at once; EC2's bucket, not this, sets the pace of a large run.</summary>
    private const int Workers = 8;

    /// <summary>How many follow-up runs may continue one slot before the rest is reported as failed.</summary>
    public const int MaxFollowUps = 20;

    private readonly InstanceSnapshotAction _instanceSnapshot = new(ec2, tagger, catalog, freezer);
    private readonly VolumeSnapshotAction _volumeSnapshot = new(ec2, tagger, catalog, freezer);

    public async Task<SnapshotReport> HandleAsync(SnapshotEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var (retention, fired) = Validate(input, context);
        var slot = SnapshotSlot.For(input.Tier, fired);
        var expiresAt = retention.AddTo(fired);
        var dryRun = input.DryRun || context.DryRun;
        var throttledBefore = retries?.Throttled ?? 0;
        var run = new SnapshotRun(input.Tier, slot, expiresAt, dryRun, context, input.Lock, locker is null ? null : (locker, tagger));

        var instances = await FindInstancesAsync(input, cancellationToken).ConfigureAwait(false);
        var covered = instances.SelectMany(i => i.BlockDevices.Select(b => b.VolumeId)).ToHashSet(StringComparer.Ordinal);
        var volumes = (await FindVolumesAsync(input, cancellationToken).ConfigureAwait(false)).Where(v => !covered.Contains(v.VolumeId)).ToList();
        var done = await ec2.DescribeSnapshotsAsync(new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter($"tag:{SnapshotTags.Slot}", slot)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var work = new List<IReadOnlyList<PendingTarget>>();
        var pending = new List<Instance>();
        foreach (var instance in instances)
        {
            var existing = done.Where(s => s.Tag(SnapshotTags.Instance) == instance.InstanceId || instance.BlockDevices.Any(b => b.VolumeId == s.VolumeId)).ToList();
            if (existing.Count > 0)
            {
                run.Skip(instance.InstanceId, existing, "already snapshotted in this slot");
                await run.LockLeftUnlockedAsync(instance.InstanceId, existing, cancellationToken).ConfigureAwait(false);
                continue;
            }

            pending.Add(instance);
        }

        var freezeTagged = await DescribeFreezeTaggedVolumesAsync(pending, cancellationToken).ConfigureAwait(false);
        work.AddRange(pending.Select(instance => (IReadOnlyList<PendingTarget>)
            [new PendingTarget(instance.InstanceId, true, () => _instanceSnapshot.RunAsync(run, instance, freezeTagged[instance.InstanceId], cancellationToken))]));

        var instancesById = await DescribeAttachedInstancesAsync(volumes, cancellationToken).ConfigureAwait(false);
        var pendingVolumes = new List<Volume>();
        foreach (var volume in volumes)
        {
            var existing = done.Where(s => s.VolumeId == volume.VolumeId).ToList();
            if (existing.Count > 0)
            {
                run.Skip(volume.VolumeId, existing, "already snapshotted in this slot");
                await run.LockLeftUnlockedAsync(volume.VolumeId, existing, cancellationToken).ConfigureAwait(false);
                continue;
            }

            pendingVolumes.Add(volume);
        }

        // The volumes of one instance one after another: their freezes run commands on the same instance.
        work.AddRange(pendingVolumes
            .GroupBy(v => v.Attachments.Count > 0 ? v.Attachments[0].InstanceId : v.VolumeId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<PendingTarget>)[.. g.Select(volume => new PendingTarget(volume.VolumeId, false,
                () => _volumeSnapshot.RunAsync(run, volume, instancesById, volumes, cancellationToken)))]));

        var notStarted = await CreateInParallelAsync(run, work, context, cancellationToken).ConfigureAwait(false);
        var (followUp, handedOff) = await HandOffAsync(input, run, notStarted, context).ConfigureAwait(false);

        var targets = instances.Count + volumes.Count;
        var report = run.Report(targets, followUp, handedOff);
        if (input.VolumeIds.Count == 0 && input.InstanceIds.Count == 0)
        {
            // Per tier, for the alarm that a tier found nothing to snapshot (a mistyped tag key, a tier name nobody uses).
            context.Metrics.WithDimensions(new KeyValuePair<string, string>("Tier", input.Tier)).Add("SnapshotTargets", targets);
            if (targets == 0)
            {
                context.Logger.NoTargets(input.Tier);
            }
        }

        context.Metrics.Add("SnapshotsCreated", report.Created.Sum(c => c.SnapshotIds.Count));
        context.Metrics.Add("SnapshotsSkipped", report.Skipped.Count);
        context.Metrics.Add("SnapshotsFailed", report.Failed.Count);
        context.Metrics.Add("SnapshotsDegraded", report.Degraded.Count);
        context.Metrics.Add("SnapshotsHandedOff", handedOff ? notStarted.Count : 0);
        context.Metrics.Add("Throttled", (retries?.Throttled ?? 0) - throttledBefore);
        if (report.Failed.Count > 0 || report.Degraded.Count > 0)
        {
            await NotifyAsync(report, context).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>
    /// Creates the pending snapshots with <see cref="Workers"/> targets at a time (each call still waits its turn in EC2's
    /// bucket), and stops starting new ones at the hand-off point, so that a run which cannot finish ends in time to hand
    /// the rest over. Returns the targets not started.
    /// </summary>
    private async Task<List<PendingTarget>> CreateInParallelAsync(
        SnapshotRun run, List<IReadOnlyList<PendingTarget>> work, InvocationContext context, CancellationToken cancellationToken)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<PendingTarget>>(work);
        var notStarted = new List<PendingTarget>();
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handOffIn = context.RemainingTime - HandOffReserve(context.RemainingTime);
        using var timer = context.Time.CreateTimer(_ => stopStarting.Cancel(), null, handOffIn > TimeSpan.Zero ? handOffIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        async Task WorkAsync()
        {
            while (queue.TryDequeue(out var group))
            {
                for (var i = 0; i < group.Count; i++)
                {
                    if (!await TurnAsync(run, stopStarting.Token).ConfigureAwait(false))
                    {
                        lock (notStarted)
                        {
                            notStarted.AddRange(group.Skip(i));
                        }

                        break;
                    }

                    await run.CreateAsync(group[i].Target, group[i].Create, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Workers, work.Count)).Select(_ => Task.Run(WorkAsync, CancellationToken.None))).ConfigureAwait(false);
        return notStarted;
    }

    /// <summary>
    /// Waits for this target's turn in EC2's bucket (a dry run calls nothing and does not wait); false when the hand-off
    /// point came first, so that the target is left for the follow-up rather than started late.
    /// </summary>
    private async Task<bool> TurnAsync(SnapshotRun run, CancellationToken stopStarting)
    {
        if (stopStarting.IsCancellationRequested)
        {
            return false;
        }

        if (!run.DryRun)
        {
            try
            {
                await bucket.TakeAsync(stopStarting).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopStarting.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Time kept back at the end of a run for the targets already started (a freeze holds up to its 30 s timeout, then
    /// thaws) and the hand-off: a fifth of the run but at least 75 s, and never more than half of it (so a short run still
    /// starts something); at least 2 s.
    /// </summary>
    private static TimeSpan HandOffReserve(TimeSpan remaining) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, Math.Min(remaining.Ticks / 2, Math.Max(remaining.Ticks / 5, TimeSpan.FromSeconds(75).Ticks))));

    /// <summary>
    /// Hands the targets not started to a follow-up invocation for the same slot. Where none can take them (a local run,
    /// the chain's limit, a failed invoke) they are failures of this run, and alerted.
    /// </summary>
    private async Task<(SnapshotEvent? FollowUp, bool HandedOff)> HandOffAsync(SnapshotEvent input, SnapshotRun run, List<PendingTarget> notStarted, InvocationContext context)
    {
        if (notStarted.Count == 0)
        {
            return (null, false);
        }

        var next = input with
        {
            Time = input.Time ?? context.Time.GetUtcNow(),
            InstanceIds = [.. notStarted.Where(t => t.IsInstance).Select(t => t.Target)],
            VolumeIds = [.. notStarted.Where(t => !t.IsInstance).Select(t => t.Target)],
            FollowUp = input.FollowUp + 1,
        };
        string why;
        if (followUp is null)
        {
            why = "not reached before the deadline; invoke the report's followUp event to finish the slot";
        }
        else if (next.FollowUp > MaxFollowUps)
        {
            why = $"not reached before the deadline after {MaxFollowUps} follow-up runs of this slot";
        }
        else
        {
            try
            {
                // Not the run's token: it may already have fired, and handing off is what the reserve was kept for.
                var bound = context.RemainingTime - TimeSpan.FromSeconds(1);
                using var handOff = new CancellationTokenSource(bound < TimeSpan.FromSeconds(10) ? (bound > TimeSpan.Zero ? bound : TimeSpan.Zero) : TimeSpan.FromSeconds(10), context.Time);
                await followUp.HandOffAsync(next, handOff.Token).ConfigureAwait(false);
                context.Logger.HandedOff(notStarted.Count, next.FollowUp);
                return (next, true);
            }
            catch (Exception ex) when (ex is AwsApiException or HttpRequestException or OperationCanceledException or TimeoutException)
            {
                context.Logger.HandOffFailed(ex, notStarted.Count);
                why = $"not reached before the deadline, and the follow-up invocation failed: {ex.Message}";
            }
        }

        run.NotReached(notStarted.Select(t => t.Target), why);
        return (next, false);
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

        if (input.Lock is not (null or "compliance" or "governance"))
        {
            throw new InvalidEventException($"lock '{input.Lock}' must be \"compliance\" or \"governance\", or left out.");
        }

        // EBS snapshot lock takes 1 day to 100 years.
        if (input.Lock is not null && retention.AddTo(DateTimeOffset.UnixEpoch) - DateTimeOffset.UnixEpoch < TimeSpan.FromDays(1))
        {
            throw new InvalidEventException($"lock needs a retention of at least a day (EBS snapshot lock's shortest), not \"{input.Retention}\".");
        }

        if (input.FollowUp is < 0 or > MaxFollowUps)
        {
            throw new InvalidEventException($"followUp {input.FollowUp} must be between 0 and {MaxFollowUps}: it counts the runs that continue one slot.");
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
            // A follow-up names targets found earlier, one of which may be gone by now: by filter, which skips it, not by
            // id, which would fail the whole run.
            return input.FollowUp > 0
                ? await DescribeRequest.AllAsync(DescribeRequest.ByValues("instance-id", input.InstanceIds), ec2.DescribeInstancesAsync, cancellationToken).ConfigureAwait(false)
                : await ec2.DescribeInstancesAsync(new DescribeRequest { Ids = input.InstanceIds }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
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
            return input.FollowUp > 0
                ? await DescribeRequest.AllAsync(DescribeRequest.ByValues("volume-id", input.VolumeIds), ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false)
                : await ec2.DescribeVolumesAsync(new DescribeRequest { Ids = input.VolumeIds }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
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
        var volumes = await DescribeRequest.AllAsync(
            DescribeRequest.ByValues("attachment.instance-id", instances.Select(i => i.InstanceId), new Ec2Filter("tag-key", SnapshotTags.Freeze)),
            ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false);

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
            sections.Add("Snapshotted, but not as configured (crash-consistent although lifeguard:freeze asks for a frozen filesystem, tagged lifeguard:consistency=crash; or not locked although the tier locks, tagged lifeguard:lock=none):\n"
                + string.Join('\n', report.Degraded.Select(d => $"- {d.Target} ({string.Join(", ", d.SnapshotIds)}): {d.Detail}")));
        }

        var subject = report.Failed.Count > 0
            ? $"Lifeguard: {report.Failed.Count} {report.Tier} snapshot(s) failed"
            : $"Lifeguard: {report.Degraded.Count} {report.Tier} snapshot(s) not frozen or not locked as configured";
        var notification = new Notification(
            subject,
            $"Lifeguard {report.Tier}: {report.Failed.Count} failed, {report.Degraded.Count} not as configured, {report.Created.Count} ok ({context.Function.Name})",
            $"The {report.Tier} snapshot run for slot {report.Slot} ({context.Function.Name}, request {context.RequestId}):\n\n"
            + string.Join("\n\n", sections)
            + $"\n\nCreated: {report.Created.Count}; skipped: {report.Skipped.Count}. Snapshots made now expire at {report.ExpiresAt}.",
            Runbook.SnapshotRunProblems);
        await notifier.TryNotifyAsync(notification, context.Logger.NotifyFailed).ConfigureAwait(false);
    }

    private sealed record PendingTarget(string Target, bool IsInstance, Func<Task<CreatedSnapshots>> Create);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex TierName();

    [GeneratedRegex("^vol-[0-9a-f]{8,17}$")]
    private static partial Regex VolumeId();

    [GeneratedRegex("^i-[0-9a-f]{8,17}$")]
    private static partial Regex InstanceId();
}
