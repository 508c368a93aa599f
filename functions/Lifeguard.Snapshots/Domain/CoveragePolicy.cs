namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// Backup coverage, decided without I/O: how old each protected volume's newest snapshot of each tier is, whether the
/// volume is unprotected (its newest snapshot over its tiers older than twice its shortest tier's interval), and what
/// a check run must tell given what earlier runs told (the state tags).
/// </summary>
public static class CoveragePolicy
{
    /// <summary>
    /// A snapshot covers a volume when EC2 says it was taken of it (its VolumeId: CreateSnapshots gives each snapshot
    /// its own volume's id too), it is complete, managed and of one of the volume's tiers. Not the `lifeguard:volume`
    /// tag: a copy made by hand with "copy tags" keeps that tag but is not a backup taken by the schedule.
    /// </summary>
    public static IReadOnlyList<VolumeCoverage> Assess(
        IReadOnlyList<CoverageTarget> targets, IEnumerable<Snapshot> snapshots, IReadOnlyDictionary<string, TimeSpan> intervals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(intervals);
        var byVolume = snapshots
            .Where(s => s.State == "completed" && s.StartTime is not null && s.Tag(SnapshotTags.Managed) == "true" && s.Tag(SnapshotTags.Tier) is not null)
            .ToLookup(s => s.VolumeId, StringComparer.Ordinal);
        var result = new List<VolumeCoverage>(targets.Count);
        foreach (var target in targets)
        {
            var volumeAge = target.CreateTime is { } created ? now - created : (TimeSpan?)null;
            var own = byVolume[target.VolumeId].ToList();
            var tiers = new List<TierCoverage>();
            foreach (var tier in target.Tiers.Where(intervals.ContainsKey))
            {
                var interval = intervals[tier];
                var newest = NewestFirst(own.Where(s => string.Equals(s.Tag(SnapshotTags.Tier), tier, StringComparison.Ordinal))).FirstOrDefault();
                var age = newest is null ? (TimeSpan?)null : now - newest.StartTime!.Value;
                tiers.Add(new TierCoverage(tier, interval, newest?.SnapshotId, newest?.StartTime, age, IsOverdue(age, volumeAge, 2 * interval)));
            }

            if (tiers.Count == 0)
            {
                continue;
            }

            var threshold = 2 * tiers.Min(t => t.Interval);
            var newestOverall = NewestFirst(own.Where(s => tiers.Any(t => t.NewestSnapshotId == s.SnapshotId))).FirstOrDefault();
            var status = newestOverall is not null
                ? (now - newestOverall.StartTime!.Value > threshold ? CoverageStatus.Unprotected : CoverageStatus.Covered)
                : (IsOverdue(null, volumeAge, threshold) ? CoverageStatus.Unprotected : CoverageStatus.New);
            result.Add(new VolumeCoverage(target, tiers, status, threshold, newestOverall?.SnapshotId, newestOverall?.StartTime));
        }

        return result;
    }

    /// <summary>
    /// What a check run tells and writes. A volume is alerted when it is unprotected and its state says it was not
    /// yet; it recovers when its state says it was and it is not any more. A tag value is alerted when it is invalid
    /// and is not the value last reported for that resource (a new typo on the same resource is told again).
    /// <paramref name="present"/>: every state tag found on the tagged volumes and instances; those nothing claims
    /// any more are stale.
    /// </summary>
    public static CoverageChanges Decide(IReadOnlyList<VolumeCoverage> coverage, IReadOnlyList<InvalidBackupTag> invalid, IReadOnlyList<StateTag> present)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentNullException.ThrowIfNull(invalid);
        ArgumentNullException.ThrowIfNull(present);
        var claimed = coverage.Where(c => c.Target.AlertedSince is not null).Select(c => c.Target.State)
            .Concat(invalid.Where(i => i.Reported is not null).Select(i => new StateTag(i.ResourceId, SnapshotTags.BackupTagInvalid)))
            .ToHashSet();
        return new CoverageChanges(
            [.. coverage.Where(c => c.Status == CoverageStatus.Unprotected && c.Target.AlertedSince is null)],
            [.. coverage.Where(c => c.Status != CoverageStatus.Unprotected && c.Target.AlertedSince is not null)],
            [.. invalid.Where(i => !i.AlreadyReported)],
            [.. present.Where(p => !claimed.Contains(p)).Distinct()]);
    }

    /// <summary>Older than <paramref name="threshold"/>: the newest snapshot, or with none the volume itself (unknown age: old).</summary>
    private static bool IsOverdue(TimeSpan? snapshotAge, TimeSpan? volumeAge, TimeSpan threshold) =>
        snapshotAge is { } age ? age > threshold : volumeAge is not { } v || v > threshold;

    private static IEnumerable<Snapshot> NewestFirst(IEnumerable<Snapshot> snapshots) =>
        snapshots.OrderByDescending(s => s.StartTime).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal);
}
