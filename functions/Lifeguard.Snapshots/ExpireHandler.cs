using Lifeguard.Aws;
using Lifeguard.Snapshots.Domain;
using Lifeguard.Aws.Http;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;

namespace Lifeguard.Snapshots;

/// <summary>
/// `expire`: deletes what <see cref="ExpiryPolicy"/> says has expired, oldest expiry first, paced to EC2's bucket.
/// It stops when its deadline token fires and reports what is left; the next run picks that up. A snapshot already
/// gone (deleted by a run whose answer was lost) counts as deleted, so nothing is ever deleted twice.
/// </summary>
public sealed class ExpireHandler(
    IBlockStorage ec2,
    ISnapshotCatalog catalog,
    INotifier notifier,
    TokenBucket bucket,
    SnapshotsOptions options,
    RetryStatistics? retries = null,
    Func<string, IBlockStorage>? region = null)
{
    private const string LockedPrefix = "locked by EBS snapshot lock";

    private readonly Func<string, IBlockStorage> region = region ?? (name => throw new InvalidOperationException($"no EC2 client for the copy region {name}"));

    public async Task<ExpireReport> HandleAsync(ExpireEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (input.AsOf is not null && !context.IsLocal)
        {
            throw new InvalidEventException("asOf moves the clock and is accepted only by a local invoke, never inside Lambda.");
        }

        var now = input.AsOf ?? context.Time.GetUtcNow();
        var dryRun = input.DryRun || context.DryRun;
        var throttledBefore = retries?.Throttled ?? 0;
        var managed = await ListManagedAsync(ec2, cancellationToken).ConfigureAwait(false);
        // Copies in other regions (copyTo) expire there by the copy's own retention, under the same rules: only the copies
        // this region's Lifeguard made (another deployment's snapshots there are not ours to judge). Whether their volume
        // still exists is a question for this region, where the volumes are. A region that cannot be read is reported
        // and skipped; the originals it should hold copies of stay.
        var tally = new Tally();
        var copyRegions = new List<(string Region, IBlockStorage Storage, List<Snapshot> Managed, Dictionary<string, Retention> Retention)>();
        var awaitingCopy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var byRegion in options.Tiers.Values.Where(t => t.CopyTo is not null).GroupBy(t => t.CopyTo!.Region, StringComparer.Ordinal))
        {
            var retention = byRegion.ToDictionary(t => t.Name, t => Retention.Parse(t.CopyTo!.Retention), StringComparer.Ordinal);
            List<Snapshot>? copies = null;
            try
            {
                var storage = region(byRegion.Key);
                copies = [.. (await ListManagedAsync(storage, cancellationToken).ConfigureAwait(false))
                    .Where(s => s.Tag(SnapshotTags.CopyOf) is not null && s.Tag(SnapshotTags.SourceRegion) == options.Region)];
                copyRegions.Add((byRegion.Key, storage, copies, retention));
            }
            catch (AwsApiException ex)
            {
                context.Logger.RegionFailed(ex, byRegion.Key);
                tally.Failed.Add(new TargetOutcome(byRegion.Key, [], $"could not list the copies in {byRegion.Key}, so none expired there and every original waiting for one is kept: {ex.Message}"));
            }

            foreach (var original in CopyPlan.AwaitingCopy(managed, copies, retention, now))
            {
                awaitingCopy[original] = copies is null
                    ? $"its copies in {byRegion.Key} could not be read"
                    : $"its copy to {byRegion.Key} is not completed yet (the copy function copies it; see SnapshotCopiesOverdue)";
            }
        }

        var existingVolumes = await ExistingVolumesAsync(
            [.. managed.Concat(copyRegions.SelectMany(r => r.Managed)).Select(s => s.SourceVolumeId).Distinct()], cancellationToken).ConfigureAwait(false);
        var due = await catalog.DueAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (var (storage, snapshots, retention, dueInCatalog) in copyRegions
            .Select(r => (r.Storage, r.Managed, (IReadOnlyDictionary<string, Retention>)r.Retention, (IReadOnlySet<string>?)null))
            .Prepend((ec2, managed, options.RetentionPerTier, due)))
        {
            var imageSnapshots = (await storage.DescribeImagesAsync(new DescribeRequest { Owners = ["self"] }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false))
                .SelectMany(i => i.SnapshotIds).ToHashSet(StringComparer.Ordinal);
            var plan = ExpiryPolicy.Decide(snapshots, new ExpiryFacts(existingVolumes, imageSnapshots, now)
            {
                StuckPendingAfter = options.StuckPendingAfter, OrphanRetention = options.OrphanRetention, KeepPerTier = options.KeepPerTier,
                RetentionPerTier = retention, DueInCatalog = dueInCatalog, AwaitingCopy = awaitingCopy,
            });
            await DeleteDueAsync(storage, plan, tally, dryRun, context, cancellationToken).ConfigureAwait(false);
        }

        var (deleted, skipped, problems, failed, remaining) = (tally.Deleted, tally.Skipped, tally.Problems, tally.Failed, tally.Remaining);
        if (!dryRun && due is not null && !cancellationToken.IsCancellationRequested)
        {
            var stillThere = managed.Select(s => s.SnapshotId).Except(deleted).ToHashSet(StringComparer.Ordinal);
            await catalog.PruneAsync(stillThere, cancellationToken).ConfigureAwait(false);
        }

        if (remaining.Count > 0)
        {
            context.Logger.StoppedEarly(remaining.Count);
        }

        var report = new ExpireReport(now, dryRun, deleted, skipped, problems, failed, remaining);
        context.Metrics.Add("SnapshotsDeleted", dryRun ? 0 : deleted.Count);
        context.Metrics.Add("SnapshotsKept", skipped.Count);
        // Kept for a reason a person must look at (the routine ones, newest of a volume or kept by count, aside).
        context.Metrics.Add("SnapshotsNeedingAttention", skipped.Count(k => k.Reason is ExpirySkipReason.NotOurs or ExpirySkipReason.Archived
            or ExpirySkipReason.Shared or ExpirySkipReason.CatalogDisagrees or ExpirySkipReason.BadExpiry or ExpirySkipReason.TooYoungForItsTier));
        context.Metrics.Add("SnapshotsFailed", failed.Count);
        context.Metrics.Add("SnapshotsRemaining", remaining.Count);
        context.Metrics.Add("SnapshotProblems", problems.Count);
        context.Metrics.Add("Throttled", (retries?.Throttled ?? 0) - throttledBefore);
        if (failed.Count > 0 || remaining.Count > 0 || problems.Count > 0)
        {
            await NotifyAsync(report, context).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>Deletes what <paramref name="plan"/> says is due in one region, adding every outcome to <paramref name="tally"/>.</summary>
    private async Task DeleteDueAsync(IBlockStorage storage, ExpiryPlan plan, Tally tally, bool dryRun, InvocationContext context, CancellationToken cancellationToken)
    {
        var (deleted, skipped, problems, failed, remaining) = (tally.Deleted, tally.Skipped, tally.Problems, tally.Failed, tally.Remaining);
        foreach (var skip in plan.Skipped)
        {
            context.Logger.Kept(skip.SnapshotId, skip.VolumeId, skip.Reason.ToString(), skip.Detail);
            skipped.Add(skip);
        }

        foreach (var problem in plan.Problems)
        {
            context.Logger.Problem(problem.SnapshotId, problem.VolumeId, problem.Problem);
            problems.Add(problem);
        }

        var sharingUnreadable = 0;
        foreach (var snapshot in plan.Delete)
        {
            // Three unreadable sharing answers in a row (no permission, an SCP, an outage): the rest waits for a run
            // that can read it, rather than failing one by one.
            if (cancellationToken.IsCancellationRequested || sharingUnreadable >= 3)
            {
                remaining.Add(snapshot.SnapshotId);
                continue;
            }

            // Sharing is a per-snapshot attribute: asked just before the delete, in a dry run too.
            var sharing = await ReadSharingAsync(storage, snapshot, context, cancellationToken).ConfigureAwait(false);
            sharingUnreadable = sharing.Error is null ? 0 : sharingUnreadable + 1;
            if (sharing.Error is { } unreadable)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    remaining.Add(snapshot.SnapshotId);
                }
                else
                {
                    failed.Add(new TargetOutcome(snapshot.SnapshotId, [snapshot.SnapshotId], unreadable));
                }

                continue;
            }

            if (ExpiryPolicy.SharedSkip(snapshot, sharing.With, options.DeleteShared) is { } shared)
            {
                context.Logger.Kept(shared.SnapshotId, shared.VolumeId, shared.Reason.ToString(), shared.Detail);
                skipped.Add(shared);
                continue;
            }

            if (sharing.With.Count > 0)
            {
                // deleteShared is set: deleted, and the report names who loses it.
                var lost = new SnapshotProblem(snapshot.SnapshotId, snapshot.VolumeId, $"shared with {string.Join(", ", sharing.With)}; deleted because deleteShared is set");
                context.Logger.Problem(lost.SnapshotId, lost.VolumeId, lost.Problem);
                problems.Add(lost);
            }

            if (dryRun)
            {
                deleted.Add(snapshot.SnapshotId);
                continue;
            }

            var error = await DeleteAsync(storage, snapshot, context, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                deleted.Add(snapshot.SnapshotId);
            }
            else if (error.StartsWith(LockedPrefix, StringComparison.Ordinal))
            {
                // EBS snapshot lock holds it (extended past its expiry, or by someone else): kept, and reported, not a failure.
                skipped.Add(new ExpirySkip(snapshot.SnapshotId, snapshot.VolumeId, ExpirySkipReason.Locked, error));
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                // Stopped mid-call: the next run sees whether it went through.
                remaining.Add(snapshot.SnapshotId);
            }
            else
            {
                failed.Add(new TargetOutcome(snapshot.SnapshotId, [snapshot.SnapshotId], error));
            }
        }

    }

    private static Task<List<Snapshot>> ListManagedAsync(IBlockStorage storage, CancellationToken cancellationToken) =>
        storage.DescribeSnapshotsAsync(new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter($"tag:{SnapshotTags.Managed}", "true")], MaxResults = 1000 }, cancellationToken)
            .ToListAsync(cancellationToken).AsTask();

    /// <summary>
    /// Who else may create volumes from the snapshot, or why that could not be read (then it is not deleted in this
    /// run: a failure, notified, or left for the next run when the deadline cut the call off). Gone already reads as
    /// shared with nobody: the delete then finds it gone and counts it deleted.
    /// </summary>
    private static async Task<(IReadOnlyList<string> With, string? Error)> ReadSharingAsync(IBlockStorage storage, Snapshot snapshot, InvocationContext context, CancellationToken cancellationToken)
    {
        try
        {
            return (await storage.DescribeSharingAsync(snapshot.SnapshotId, cancellationToken).ConfigureAwait(false), null);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidSnapshot.NotFound")
        {
            return ([], null);
        }
        catch (AwsApiException ex)
        {
            context.Logger.DeleteFailed(ex, snapshot.SnapshotId);
            return ([], $"not deleted: could not read who it is shared with: {ex.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ([], "stopped at the deadline");
        }
    }

    /// <summary>Null when the snapshot is gone (deleted now or before); otherwise why it is not.</summary>
    private async Task<string?> DeleteAsync(IBlockStorage storage, Snapshot snapshot, InvocationContext context, CancellationToken cancellationToken)
    {
        try
        {
            await bucket.TakeAsync(cancellationToken).ConfigureAwait(false);
            await storage.DeleteSnapshotAsync(snapshot.SnapshotId, dryRun: false, cancellationToken).ConfigureAwait(false);
            context.Logger.Deleted(snapshot.SnapshotId, snapshot.VolumeId, snapshot.Tag(SnapshotTags.ExpiresAt));
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "InvalidSnapshot.NotFound")
        {
            // Already gone: deleted by an earlier run whose answer was lost.
        }
        catch (AwsApiException ex)
        {
            context.Logger.DeleteFailed(ex, snapshot.SnapshotId);
            return ex.ErrorCode == "InvalidSnapshot.InUse"
                ? $"in use (an AMI was made from it since): {ex.ErrorMessage}"
                : IsLocked(ex) ? $"{LockedPrefix}: {ex.ErrorMessage}" : ex.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "stopped at the deadline";
        }

        try
        {
            await catalog.ForgetAsync(snapshot.SnapshotId, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex)
        {
            // The snapshot is gone; the entry is pruned by a later run.
            context.Logger.DeleteFailed(ex, snapshot.SnapshotId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Likewise pruned later.
        }

        return null;
    }

    /// <summary>EC2 refuses to delete a locked snapshot; its answer names the lock.</summary>
    private static bool IsLocked(AwsApiException ex) =>
        ex.ErrorCode.Contains("Lock", StringComparison.OrdinalIgnoreCase) || ex.ErrorMessage.Contains("locked", StringComparison.OrdinalIgnoreCase);

    private async Task<HashSet<string>> ExistingVolumesAsync(List<string> volumeIds, CancellationToken cancellationToken) =>
        (await DescribeRequest.AllAsync(DescribeRequest.ByValues("volume-id", volumeIds), ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false))
            .Select(v => v.VolumeId).ToHashSet(StringComparer.Ordinal);

    private async Task NotifyAsync(ExpireReport report, InvocationContext context)
    {
        var full = new List<string>
        {
            $"Expire run {context.RequestId} ({context.Function.Name}) as of {SnapshotSlot.FormatExpiry(report.AsOf)}: deleted {report.Deleted.Count}, kept {report.Skipped.Count}.",
        };
        full.AddRange(report.Failed.Select(f => $"- could not delete {f.Target}: {f.Detail}"));
        if (report.Remaining.Count > 0)
        {
            full.Add($"- {report.Remaining.Count} due snapshot(s) left for the next run (deadline reached).");
        }

        full.AddRange(report.Problems.Select(p => $"- {p.SnapshotId} of {p.VolumeId}: {p.Problem}"));
        var notification = new Notification(
            "Lifeguard: snapshot expiry needs attention",
            $"Lifeguard expire: {report.Failed.Count} failed, {report.Remaining.Count} left, {report.Problems.Count} problem(s)",
            string.Join('\n', full),
            Runbook.ExpiryNeedsAttention);
        await notifier.TryNotifyAsync(notification, context.Logger.NotifyFailed).ConfigureAwait(false);
    }

    /// <summary>What an expire run did, over every region it looked at.</summary>
    private sealed class Tally
    {
        public List<string> Deleted { get; } = [];

        public List<ExpirySkip> Skipped { get; } = [];

        public List<SnapshotProblem> Problems { get; } = [];

        public List<TargetOutcome> Failed { get; } = [];

        public List<string> Remaining { get; } = [];
    }
}
