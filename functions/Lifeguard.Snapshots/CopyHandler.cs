using Lifeguard.Aws;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// `copy`, hourly: copies each completed snapshot of a tier with `copyTo` into that region (DLM's cross-region copy),
/// tagged like the original plus `lifeguard:copy-of` and `lifeguard:source-region`, expiring by the copy's own
/// retention; expire deletes the copies there under the same rules. What fails is reported and taken up by the next
/// run, which first looks in the region for a copy of each snapshot, so an uncertain answer never makes a second copy.
/// Failures and overdue copies raise alarms (SnapshotCopiesFailed, SnapshotCopiesOverdue), once per event.
/// </summary>
public sealed class CopyHandler(IBlockStorage home, Func<string, Ec2BlockStorage> region, SnapshotsOptions options)
{
    public async Task<CopyReport> HandleAsync(CopyEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var dryRun = input.DryRun || context.DryRun;
        var copied = new List<CopyOutcome>();
        var failed = new List<TargetOutcome>();
        var (waiting, overdue) = (0, 0);
        foreach (var byRegion in options.Tiers.Values.Where(t => t.CopyTo is not null).GroupBy(t => t.CopyTo!.Region, StringComparer.Ordinal))
        {
            try
            {
                var counts = await CopyToAsync(byRegion.Key, byRegion.ToDictionary(t => t.Name, StringComparer.Ordinal), copied, failed, dryRun, context, cancellationToken).ConfigureAwait(false);
                (waiting, overdue) = (waiting + counts.Waiting, overdue + counts.Overdue);
            }
            catch (AwsApiException ex)
            {
                // One region that cannot be read (an SCP, an outage) does not hold up the others.
                context.Logger.RegionFailed(ex, byRegion.Key);
                failed.Add(new TargetOutcome(byRegion.Key, [], $"could not copy to {byRegion.Key}: {ex.Message}"));
            }
        }

        context.Metrics.Add("SnapshotCopiesStarted", dryRun ? 0 : copied.Count);
        context.Metrics.Add("SnapshotCopiesFailed", failed.Count);
        context.Metrics.Add("SnapshotCopiesWaiting", waiting);
        context.Metrics.Add("SnapshotCopiesOverdue", overdue);
        return new CopyReport(dryRun, copied, failed, waiting, overdue);
    }

    /// <summary>One region's copies: adds what it copied and what failed; returns how many wait and how many are overdue there.</summary>
    private async Task<(int Waiting, int Overdue)> CopyToAsync(
        string regionName, Dictionary<string, TierSettings> tiers, List<CopyOutcome> copied, List<TargetOutcome> failed, bool dryRun, InvocationContext context, CancellationToken cancellationToken)
    {
        var destination = region(regionName);
        var sources = await home.DescribeSnapshotsAsync(new DescribeRequest
        {
            Owners = ["self"],
            Filters = [new Ec2Filter($"tag:{SnapshotTags.Managed}", "true"), new Ec2Filter($"tag:{SnapshotTags.Tier}", [.. tiers.Keys]), new Ec2Filter("status", "completed")],
        }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var copies = await destination.DescribeSnapshotsAsync(
            new DescribeRequest { Owners = ["self"], Filters = [new Ec2Filter("tag-key", SnapshotTags.CopyOf), new Ec2Filter($"tag:{SnapshotTags.SourceRegion}", options.Region)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            await MarkUnmarkedCopiesAsync(destination, copies, context, cancellationToken).ConfigureAwait(false);
        }

        var plan = CopyPlan.Decide(sources, copies, tiers.Values.ToDictionary(t => t.Name, t => Retention.Parse(t.CopyTo!.Retention), StringComparer.Ordinal), context.Time.GetUtcNow());
        var waiting = plan.Waiting;
        failed.AddRange(plan.Failed.Select(c => new TargetOutcome(c.Tag(SnapshotTags.CopyOf)!, [c.SnapshotId],
            $"its copy {c.SnapshotId} in {regionName} failed (state error; often a KMS key the copy may not use): delete the copy to have it copied again")));
        for (var i = 0; i < plan.ToCopy.Count; i++)
        {
            var (source, expiresAt) = plan.ToCopy[i];
            if (cancellationToken.IsCancellationRequested)
            {
                waiting += plan.ToCopy.Count - i;
                break;
            }

            if (dryRun)
            {
                copied.Add(new CopyOutcome(source.SnapshotId, regionName, null, SnapshotSlot.FormatExpiry(expiresAt)));
                continue;
            }

            var outcome = await CopyAsync(destination, source, tiers[source.Tag(SnapshotTags.Tier)!].CopyTo!, expiresAt, context, cancellationToken).ConfigureAwait(false);
            if (outcome.Copy is { } copy)
            {
                copied.Add(copy);
            }

            if (outcome.Failure is { } failure)
            {
                failed.Add(failure);
            }

            if (outcome.RegionFull)
            {
                waiting += plan.ToCopy.Count - i - 1;
                break;
            }
        }

        return (waiting, plan.Overdue);
    }

    /// <summary>
    /// A copy made without its `lifeguard:copy-id` (the tag call failed, or the run ended between the two) gets it now,
    /// when it is the only copy of its original and carries Lifeguard's description: otherwise expire never deletes it.
    /// </summary>
    private async Task MarkUnmarkedCopiesAsync(Ec2BlockStorage destination, List<Snapshot> copies, InvocationContext context, CancellationToken cancellationToken)
    {
        foreach (var group in copies.GroupBy(c => c.Tag(SnapshotTags.CopyOf)!, StringComparer.Ordinal).Where(g => g.Count() == 1))
        {
            var copy = group.Single();
            if (copy.Tag(SnapshotTags.CopyId) is null && copy.Description == Description(group.Key))
            {
                await destination.TagAsync([copy.SnapshotId], [new Ec2Tag(SnapshotTags.CopyId, copy.SnapshotId)], cancellationToken).ConfigureAwait(false);
                context.Logger.Copied(group.Key, copy.SnapshotId, destination.Region);
            }
        }
    }

    private string Description(string sourceSnapshotId) => $"Lifeguard copy of {sourceSnapshotId} from {options.Region}";

    private async Task<(CopyOutcome? Copy, TargetOutcome? Failure, bool RegionFull)> CopyAsync(
        Ec2BlockStorage destination, Snapshot source, CopyTarget target, DateTimeOffset expiresAt, InvocationContext context, CancellationToken cancellationToken)
    {
        // The original's Lifeguard tags and Name, with the copy's own expiry and where it came from. Not its lock: a copy is
        // not locked.
        var tags = source.Tags
            .Where(t => (t.Key.StartsWith("lifeguard:", StringComparison.Ordinal) || t.Key == SnapshotTags.Name) && t.Key is not (SnapshotTags.ExpiresAt or SnapshotTags.Lock))
            .Append(new Ec2Tag(SnapshotTags.ExpiresAt, SnapshotSlot.FormatExpiry(expiresAt)))
            .Append(new Ec2Tag(SnapshotTags.CopyOf, source.SnapshotId))
            .Append(new Ec2Tag(SnapshotTags.SourceRegion, options.Region))
            .Append(new Ec2Tag(SnapshotTags.SourceStart, SnapshotSlot.FormatExpiry(source.StartTime!.Value)))
            .Where(t => t.Key != SnapshotTags.Volume)
            .Append(new Ec2Tag(SnapshotTags.Volume, source.VolumeId))
            .ToList();
        string copyId;
        try
        {
            copyId = await destination.CopySnapshotAsync(new CopySnapshotRequest(source.SnapshotId, options.Region)
            {
                Description = Description(source.SnapshotId),
                KmsKeyId = target.KmsKeyId,
                Tags = tags,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.ErrorCode == "ResourceLimitExceeded")
        {
            context.Logger.CopyWaits(target.Region, ex.ErrorMessage);
            return (null, null, true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new TargetOutcome(source.SnapshotId, [], $"the deadline came during the copy to {target.Region}; the next run looks for it there before copying again"), true);
        }
        catch (AwsApiException ex)
        {
            context.Logger.CopyFailed(ex, source.SnapshotId, target.Region);
            return (null, new TargetOutcome(source.SnapshotId, [], ex.MayHaveTakenEffect
                ? $"copy to {target.Region} may or may not have started ({ex.Message}); the next run looks for it there before copying again"
                : $"copy to {target.Region} failed: {ex.Message}"), false);
        }

        var copied = new CopyOutcome(source.SnapshotId, target.Region, copyId, SnapshotSlot.FormatExpiry(expiresAt));
        context.Logger.Copied(source.SnapshotId, copyId, target.Region);
        try
        {
            await destination.TagAsync([copyId], [new Ec2Tag(SnapshotTags.CopyId, copyId)], cancellationToken).ConfigureAwait(false);
            return (copied, null, false);
        }
        catch (Exception ex) when (ex is AwsApiException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Without its own id (until the next run marks it) the copy never expires (expire keeps it as not ours) and says so.
            context.Logger.CopyFailed(ex, source.SnapshotId, target.Region);
            return (copied, new TargetOutcome(source.SnapshotId, [copyId],
                $"copied to {target.Region} as {copyId}, but tagging it {SnapshotTags.CopyId} failed ({ex.Message}): expire keeps it until it is tagged {SnapshotTags.CopyId}={copyId}"), false);
        }
    }
}
