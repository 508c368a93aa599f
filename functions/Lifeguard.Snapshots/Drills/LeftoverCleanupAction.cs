using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// The start of every run: volumes an earlier drill left behind (its process died between CreateVolume and its
/// `finally`) are detached and deleted, once old enough that no running drill can own them.
/// </summary>
public sealed class LeftoverCleanupAction(IBlockStorage ec2, VolumeRemover remover)
{
    public async Task<(IReadOnlyList<TargetOutcome> CleanedUp, IReadOnlyList<TargetOutcome> Failed)> RunAsync(DrillRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tagged = await ec2.DescribeVolumesAsync(new DescribeRequest { Filters = [new Ec2Filter("tag-key", DrillTags.Drill)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var cleaned = new List<TargetOutcome>();
        var failed = new List<TargetOutcome>();
        foreach (var volume in DrillPolicy.Leftovers(tagged, run.Time.GetUtcNow(), run.Options.LeftoverAfter))
        {
            var drill = volume.Tags.First(t => t.Key == DrillTags.Drill).Value;
            var attached = volume.Attachments.Count > 0 ? $", attached to {string.Join(", ", volume.Attachments.Select(a => a.InstanceId))}" : string.Empty;
            var why = $"left by drill run {drill}{attached}";
            if (run.DryRun)
            {
                cleaned.Add(new TargetOutcome(volume.VolumeId, [], $"dry run: would delete ({why})"));
                continue;
            }

            var problem = await remover.RemoveAsync(volume.VolumeId, force: false, run.Time, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                run.Context.Logger.Removed(volume.VolumeId, why);
                cleaned.Add(new TargetOutcome(volume.VolumeId, [], why));
            }
            else
            {
                failed.Add(new TargetOutcome(volume.VolumeId, [], $"{why}: {problem}"));
            }
        }

        return (cleaned, failed);
    }
}
