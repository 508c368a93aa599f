using Lifeguard.Aws.Sns;
using Lifeguard.Runtime.Hosting;
using Lifeguard.Runtime.Metrics;
using Lifeguard.Snapshots.Adapters;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <summary>
/// `coverage`: has every protected volume a recent snapshot of each of its tiers? `status` reports it; `check` (hourly)
/// also alerts, once per event, a volume whose newest snapshot is older than twice its shortest tier's interval, its
/// recovery, and every `lifeguard:backup` value naming no configured tier, remembering what it told in state tags.
/// </summary>
public sealed class CoverageHandler(IBlockStorage ec2, IResourceTagger tagger, INotifier notifier, SnapshotsOptions options)
{
    private readonly CoverageSurvey _survey = new(ec2);
    private readonly CoverageCheckAction _check = new(tagger, notifier);

    public async Task<CoverageReport> HandleAsync(CoverageEvent input, InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (input.Action is not (CoverageEvent.Status or CoverageEvent.Check))
        {
            throw new InvalidEventException($"action '{input.Action}' must be \"status\" (report) or \"check\" (report and alert).");
        }

        if (input.AsOf is not null && !context.IsLocal)
        {
            throw new InvalidEventException("asOf moves the clock and is accepted only by a local invoke, never inside Lambda.");
        }

        if (options.TierIntervals.Count == 0)
        {
            throw new InvalidOperationException("LIFEGUARD_TIERS gives no tier an interval: the coverage check needs each tier's, such as {\"name\":\"daily\",\"retention\":\"7 days\",\"interval\":\"P1D\"}.");
        }

        var now = input.AsOf ?? context.Time.GetUtcNow();
        var world = await _survey.ReadAsync([.. options.TierIntervals.Keys], cancellationToken).ConfigureAwait(false);
        var coverage = CoveragePolicy.Assess(world.Targets, world.Snapshots, options.TierIntervals, now);
        AddMetrics(context.Metrics, coverage, world.InvalidTags);
        var report = new CoverageReport(
            input.Action, now, input.DryRun || context.DryRun, coverage.Count, coverage.Count(c => c.Status == CoverageStatus.Unprotected),
            [.. coverage.Select(VolumeCoverageReport.From)],
            [.. world.InvalidTags.Select(i => new InvalidTagReport(i.ResourceId, i.Value, i.Unknown, i.AlreadyReported))]);
        return input.Action == CoverageEvent.Status
            ? report
            : await _check.RunAsync(report, CoveragePolicy.Decide(coverage, world.InvalidTags, world.StateTags), [.. options.TierIntervals.Keys], context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The counts the alarm watches, and per tier the age of the worst volume's newest snapshot of it (how close the
    /// estate is to an alert).
    /// </summary>
    private static void AddMetrics(MetricsWriter metrics, IReadOnlyList<VolumeCoverage> coverage, IReadOnlyList<InvalidBackupTag> invalid)
    {
        metrics.Add("ProtectedVolumes", coverage.Count);
        metrics.Add("UnprotectedVolumes", coverage.Count(c => c.Status == CoverageStatus.Unprotected));
        metrics.Add("InvalidBackupTags", invalid.Count);
        foreach (var tier in coverage.SelectMany(c => c.Tiers).Where(t => t.Age is not null).GroupBy(t => t.Tier, StringComparer.Ordinal))
        {
            metrics.WithDimensions([new KeyValuePair<string, string>("Tier", tier.Key)])
                .Add("OldestNewestSnapshotHours", Math.Round(tier.Max(t => t.Age!.Value).TotalHours, 2));
        }
    }
}
