using Lifeguard.Aws;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// The freezes around one CreateSnapshot(s) call: the plan's mount points frozen in turn, all thawed afterwards
/// whatever happened, and then the verdict on each snapshot. Every snapshot is created tagged
/// `lifeguard:consistency=crash`; only one whose volume was frozen and that EC2 accepted before the instance's own thaw
/// could fire is retagged `application`, so a snapshot never claims more than is known.
/// </summary>
public sealed class FreezeSession(FreezePlan plan, IFilesystemFreezer freezer, InvocationContext context)
{
    private readonly List<FreezeTarget> _sent = [];
    private readonly Dictionary<string, (string MountPoint, DateTimeOffset HoldsUntil)> _frozen = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    /// <summary>
    /// Runs <paramref name="create"/> (the snapshot call) with the plan's mount points frozen, and thaws them whatever
    /// happened; returns its result and when EC2's answer arrived (it accepted the call no later).
    /// </summary>
    public async Task<(T Result, DateTimeOffset AnsweredAt)> AroundAsync<T>(Func<Task<T>> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            // Inside the try: a freeze that failed or was cut off may still have frozen the filesystem, and the thaw
            // must follow whatever happened. A failed freeze does not stop the snapshot: it is taken crash-consistent.
            await FreezeAsync(cancellationToken).ConfigureAwait(false);
            // The snapshot's point in time is the moment EC2 accepts the call, so the thaw can follow at once.
            var result = await create().ConfigureAwait(false);
            return (result, context.Time.GetUtcNow());
        }
        finally
        {
            await ThawAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Freezes each mount point of the plan. A failed freeze is kept for the report, not thrown: the snapshot goes
    /// ahead crash-consistent rather than not at all. The deadline is thrown.
    /// </summary>
    private async Task FreezeAsync(CancellationToken cancellationToken)
    {
        foreach (var target in plan.Targets)
        {
            _sent.Add(target);
            try
            {
                var holdsUntil = await freezer.FreezeAsync(target.InstanceId, target.MountPoint, cancellationToken).ConfigureAwait(false);
                foreach (var volumeId in target.VolumeIds)
                {
                    _frozen[volumeId] = (target.MountPoint, holdsUntil);
                }
            }
            catch (Exception ex) when (ex is AwsApiException or InvalidOperationException or TimeoutException or ArgumentException)
            {
                context.Logger.FreezeFailed(ex, target.MountPoint, target.InstanceId);
                _failures.Add($"freezing {target.MountPoint} on {target.InstanceId} failed: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// Thaws every mount point a freeze was sent for, even one that failed (it may have frozen the filesystem; a thaw
    /// is harmless on a thawed one) and even after the deadline token fired.
    /// </summary>
    private async Task ThawAsync()
    {
        foreach (var target in _sent)
        {
            try
            {
                await freezer.ThawAsync(target.InstanceId, target.MountPoint, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                context.Logger.ThawFailed(ex, target.MountPoint, target.InstanceId);
            }
        }
    }

    /// <summary>
    /// Decides each snapshot's consistency, retags the application-consistent ones and says what happened.
    /// </summary>
    /// <param name="answeredAt">When EC2's answer arrived (it accepted the call no later); null when the answer was lost.</param>
    /// <param name="notes">More to say about the target, such as snapshots not listed yet.</param>
    public async Task<CreatedSnapshots> CompleteAsync(
        ISnapshotTagger tagger, IReadOnlyList<Snapshot> snapshots, DateTimeOffset? answeredAt, IEnumerable<string> notes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(snapshots);
        var reasons = new List<string>(plan.Refusals.Concat(_failures));
        var held = new List<Snapshot>();
        foreach (var group in snapshots.Where(s => _frozen.ContainsKey(s.VolumeId)).GroupBy(s => _frozen[s.VolumeId]))
        {
            var (mountPoint, holdsUntil) = group.Key;
            if (answeredAt is not { } answered)
            {
                reasons.Add($"the answer to the snapshot call was lost, so whether EC2 took it before the instance's own thaw of {mountPoint} is unknown");
            }
            else if (answered > holdsUntil)
            {
                reasons.Add($"EC2 answered at {Time(answered)}, after the instance's own thaw of {mountPoint} could fire ({Time(holdsUntil)})");
            }
            else
            {
                held.AddRange(group);
            }
        }

        var detail = new List<string>(plan.Notes.Concat(notes));
        if (reasons.Count > 0)
        {
            detail.Add($"crash-consistent ({SnapshotTags.Consistency}={SnapshotTags.Crash}): {string.Join("; ", reasons)}");
        }

        if (held.Count > 0)
        {
            var mounts = string.Join(", ", held.Select(s => _frozen[s.VolumeId].MountPoint).Distinct(StringComparer.Ordinal));
            try
            {
                await tagger.TagAsync([.. held.Select(s => s.SnapshotId)], [new(SnapshotTags.Consistency, SnapshotTags.Application)], cancellationToken).ConfigureAwait(false);
                detail.Add($"application-consistent: {mounts} frozen");
            }
            catch (Exception ex) when (ex is AwsApiException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The snapshot is good; only its tag understates it.
                context.Logger.TagFailed(ex, string.Join(',', held.Select(s => s.SnapshotId)));
                detail.Add($"taken with {mounts} frozen, but {SnapshotTags.Consistency} could not be set to {SnapshotTags.Application} ({ex.Message}), so it still says {SnapshotTags.Crash}");
            }
        }

        return new CreatedSnapshots(snapshots, detail.Count == 0 ? null : string.Join("; ", detail), reasons.Count > 0);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
