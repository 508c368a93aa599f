using Lifeguard.Aws.Ssm;
using System.Text.RegularExpressions;
using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Drills;

/// <summary>
/// `drill`: restore drills. It deletes what crashed drills left behind, then restores each protected volume's newest
/// completed snapshot (or the named volumes', or a sample, the longest undrilled first), validates it on the drill
/// instance when one is configured, and deletes it again. Each pass is recorded on the volume; one message goes out for
/// failed drills, volumes newly without a successful drill for drillMaxAgeDays, and volumes that recovered.
/// </summary>
public sealed partial class DrillHandler(IBlockStorage ec2, IVolumeOperations volumes, ICommandRunner commands, INotifier notifier, DrillOptions options)
{
    private readonly LeftoverCleanupAction _cleanup = new(ec2, new VolumeRemover(ec2, volumes));
    private readonly RestoreDrillAction _restore = new(ec2, volumes, commands, new VolumeRemover(ec2, volumes));
    private readonly DrillStandingAction _standing = new(volumes);

    public async Task<DrillReport> HandleAsync(DrillEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        Validate(input);
        var run = new DrillRun(context.RequestId, input.DryRun || context.DryRun, options, context);

        var (cleanedUp, cleanupFailed) = await _cleanup.RunAsync(run, cancellationToken).ConfigureAwait(false);
        var protectedVolumes = await FindProtectedAsync(cancellationToken).ConfigureAwait(false);
        var (candidates, missing) = input.VolumeIds.Count > 0
            ? await DescribeNamedAsync(input.VolumeIds, cancellationToken).ConfigureAwait(false)
            : (protectedVolumes, []);
        var snapshots = await ManagedSnapshotsAsync(candidates, cancellationToken).ConfigureAwait(false);
        var drills = new List<DrillOutcome>(missing);
        // Nothing to restore is reported, and never takes a sample's place from a volume that can be drilled.
        var restorable = new List<Volume>();
        foreach (var volume in candidates)
        {
            if (DrillPolicy.NewestRestorable(snapshots[volume.VolumeId], volume.VolumeId) is null)
            {
                drills.Add(new DrillOutcome(volume.VolumeId, DrillOutcome.Skipped, "no completed managed snapshot to restore") { AvailabilityZone = volume.AvailabilityZone });
            }
            else
            {
                restorable.Add(volume);
            }
        }

        var targets = input.VolumeIds.Count > 0 ? restorable : DrillPolicy.Order(restorable, input.Sample ?? options.Sample);
        var (drillInstance, instanceProblem) = await DrillInstanceAsync(cancellationToken).ConfigureAwait(false);
        var passedNow = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        // Drills stop starting, and a running one is cut short, early enough for its cleanup (detach and delete, up to
        // 90 s) and the report to finish before Lambda ends the invocation: a third of the time left, at most 2 minutes.
        using var drilling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = context.RemainingTime;
        var reserve = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(2).Ticks, remaining.Ticks / 3));
        using var stop = context.Time.CreateTimer(_ => drilling.Cancel(), null, remaining - reserve > TimeSpan.Zero ? remaining - reserve : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        foreach (var volume in targets)
        {
            var outcome = await DrillAsync(run, volume, snapshots, drillInstance, instanceProblem, drilling.Token).ConfigureAwait(false);
            drills.Add(outcome);
            if (!run.DryRun && outcome.RestoredVolumeId is not null)
            {
                var at = context.Time.GetUtcNow();
                var passed = outcome.Result == DrillOutcome.Passed;
                if (passed)
                {
                    passedNow[volume.VolumeId] = at;
                }

                await _standing.RecordAttemptAsync(run, volume.VolumeId, at, passed, cancellationToken).ConfigureAwait(false);
            }
        }

        var standings = DrillPolicy.Standings(protectedVolumes, passedNow, context.Time.GetUtcNow(), options.MaxAge);
        if (!run.DryRun && DrillAlert.Compose(drills, cleanupFailed, standings, options.MaxAge, context) is { } alert)
        {
            Exception? notifyError = null;
            await notifier.TryNotifyAsync(alert, ex => { notifyError = ex; context.Logger.NotifyFailed(ex); }).ConfigureAwait(false);
            if (notifyError is null)
            {
                await _standing.RecordAlertsAsync(run, standings, cancellationToken).ConfigureAwait(false);
            }
        }

        context.Metrics.Add("RestoreDrillPassed", drills.Count(d => d.Result == DrillOutcome.Passed));
        context.Metrics.Add("RestoreDrillFailed", drills.Count(d => d.Result == DrillOutcome.Failed));
        foreach (var seconds in drills.Select(d => d.SecondsToAvailable).OfType<double>())
        {
            context.Metrics.Add("TimeToRestoreSeconds", seconds, MetricUnit.Seconds);
        }

        context.Metrics.Add("VolumesWithoutRecentDrill", standings.Count(s => s.Overdue));
        context.Metrics.Add("DrillVolumesLeftBehind", cleanupFailed.Count + drills.Count(d => d.CleanupProblem is not null));
        return new DrillReport(run.RunId, run.DryRun, drills, cleanedUp, cleanupFailed,
            [.. standings.Where(s => s.Overdue).Select(s => s.VolumeId)],
            run.DryRun ? [] : [.. standings.Where(s => s.NewlyOverdue).Select(s => s.VolumeId)],
            run.DryRun ? [] : [.. standings.Where(s => s.Recovered).Select(s => s.VolumeId)]);
    }

    private async Task<DrillOutcome> DrillAsync(
        DrillRun run, Volume volume, ILookup<string, Snapshot> snapshots, Instance? drillInstance, string? instanceProblem, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new DrillOutcome(volume.VolumeId, DrillOutcome.NotReached, "not reached before the deadline; the next run takes it first");
        }

        var snapshot = DrillPolicy.NewestRestorable(snapshots[volume.VolumeId], volume.VolumeId)!;

        if (instanceProblem is not null)
        {
            return new DrillOutcome(volume.VolumeId, DrillOutcome.Failed, instanceProblem) { SnapshotId = snapshot.SnapshotId, AvailabilityZone = volume.AvailabilityZone };
        }

        return await _restore.RunAsync(run, volume, snapshot, drillInstance, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(DrillEvent input)
    {
        foreach (var (id, index) in input.VolumeIds.Select((id, i) => (id, i)))
        {
            if (!VolumeId().IsMatch(id))
            {
                throw new InvalidEventException($"volumeIds[{index}] '{id}' is not a volume id such as vol-0123456789abcdef0.");
            }
        }

        if (input.Sample is < 1)
        {
            throw new InvalidEventException($"sample {input.Sample} must be at least 1, or left out for every protected volume.");
        }
    }

    /// <summary>
    /// Volumes tagged `lifeguard:backup` (any tier) and the volumes of instances tagged so; never a drill's own volume,
    /// which a tagged drill instance would otherwise bring in.
    /// </summary>
    private async Task<List<Volume>> FindProtectedAsync(CancellationToken cancellationToken)
    {
        var tagged = await ec2.DescribeVolumesAsync(new DescribeRequest { Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup)] }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var instances = await ec2.DescribeInstancesAsync(new DescribeRequest
        {
            Filters = [new Ec2Filter("tag-key", SnapshotTags.Backup), new Ec2Filter("instance-state-name", "running", "stopped", "stopping")],
        }, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var onInstances = instances.Where(i => !string.IsNullOrWhiteSpace(i.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Backup)?.Value))
            .SelectMany(i => i.BlockDevices.Select(b => b.VolumeId)).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var found = tagged.Where(v => !string.IsNullOrWhiteSpace(v.Tags.FirstOrDefault(t => t.Key == SnapshotTags.Backup)?.Value)).ToList();
        onInstances.ExceptWith(found.Select(v => v.VolumeId));
        found.AddRange(await DescribeRequest.AllAsync(DescribeRequest.ByValues("volume-id", onInstances), ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false));
        return [.. found.Where(v => v.Tags.All(t => t.Key != DrillTags.Drill)).DistinctBy(v => v.VolumeId).OrderBy(v => v.VolumeId, StringComparer.Ordinal)];
    }

    private async Task<(IReadOnlyList<Volume> Found, IReadOnlyList<DrillOutcome> Missing)> DescribeNamedAsync(IReadOnlyList<string> volumeIds, CancellationToken cancellationToken)
    {
        var found = (await DescribeRequest.AllAsync(DescribeRequest.ByValues("volume-id", volumeIds), ec2.DescribeVolumesAsync, cancellationToken).ConfigureAwait(false)).ToDictionary(v => v.VolumeId, StringComparer.Ordinal);
        return ([.. volumeIds.Distinct().Where(found.ContainsKey).Select(id => found[id])],
            [.. volumeIds.Distinct().Where(id => !found.ContainsKey(id)).Select(id => new DrillOutcome(id, DrillOutcome.Failed, "no such volume"))]);
    }

    private async Task<ILookup<string, Snapshot>> ManagedSnapshotsAsync(IReadOnlyList<Volume> targets, CancellationToken cancellationToken) =>
        (await DescribeRequest.AllAsync(
            DescribeRequest.ByValues("volume-id", targets.Select(v => v.VolumeId), new Ec2Filter($"tag:{SnapshotTags.Managed}", "true"), new Ec2Filter("status", "completed"))
                .Select(r => r with { Owners = ["self"] }),
            ec2.DescribeSnapshotsAsync, cancellationToken).ConfigureAwait(false))
            .ToLookup(s => s.VolumeId, StringComparer.Ordinal);

    /// <summary>The configured drill instance, or why no drill can be validated on it (then every drill fails, saying so).</summary>
    private async Task<(Instance? Instance, string? Problem)> DrillInstanceAsync(CancellationToken cancellationToken)
    {
        if (options.InstanceId is not { } id)
        {
            return (null, null);
        }

        var instance = await ec2.DescribeInstancesAsync(new DescribeRequest { Filters = [new Ec2Filter("instance-id", id)] }, cancellationToken)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return instance switch
        {
            null => (null, $"the drill instance {id} (drillInstanceId) does not exist"),
            { State: not "running" } => (null, $"the drill instance {id} (drillInstanceId) is {instance.State}, not running"),
            _ => (instance, null),
        };
    }

    [GeneratedRegex("^vol-[0-9a-f]{8,17}$")]
    private static partial Regex VolumeId();
}
