namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// Which snapshots a copy run copies into one region: every completed snapshot Lifeguard made of a tier that copies
/// there, not yet copied (a copy in any state counts, so a copy under way is never started twice, and a failed one, in
/// state `error`, is not retried until someone deletes it), whose copy would still be inside its own retention; oldest
/// first, so a backlog drains in order and nothing starves (expire keeps an original until its copy is completed), no
/// more than the region takes at once.
/// </summary>
/// <param name="ToCopy">The snapshots to copy now, with the time each copy expires.</param>
/// <param name="Failed">Copies in state `error`: each is counted as a failure until it is deleted, then copied again.</param>
/// <param name="Waiting">Snapshots still to copy that wait for a later run (the region's limit on copies in flight).</param>
/// <param name="Overdue">Snapshots completed more than a day ago that still have no copy.</param>
public sealed record CopyPlan(IReadOnlyList<(Snapshot Source, DateTimeOffset ExpiresAt)> ToCopy, int Waiting, int Overdue, IReadOnlyList<Snapshot> Failed)
{
    /// <summary>EC2 runs at most 20 concurrent snapshot copies into one region; more fail with ResourceLimitExceeded.</summary>
    public const int InFlightPerRegion = 20;

    public static CopyPlan Decide(IEnumerable<Snapshot> sources, IEnumerable<Snapshot> copiesInRegion, IReadOnlyDictionary<string, Retention> copyRetentionPerTier, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(copiesInRegion);
        ArgumentNullException.ThrowIfNull(copyRetentionPerTier);
        var copies = copiesInRegion.ToList();
        var copied = copies.Select(c => c.Tag(SnapshotTags.CopyOf)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var inFlight = copies.Count(c => c.State == "pending");
        var missing = WorthACopy(sources, copyRetentionPerTier, now)
            .Where(c => !copied.Contains(c.Source.SnapshotId))
            .OrderBy(c => c.Source.StartTime)
            .ThenBy(c => c.Source.SnapshotId, StringComparer.Ordinal)
            .ToList();
        var free = Math.Max(0, InFlightPerRegion - inFlight);
        return new CopyPlan(
            [.. missing.Take(free)],
            Math.Max(0, missing.Count - free),
            missing.Count(c => now - c.Source.StartTime!.Value > TimeSpan.FromDays(1)),
            [.. copies.Where(c => c.State == "error")]);
    }

    /// <summary>
    /// The originals among <paramref name="sources"/> worth a copy in a region whose copy is not completed there yet; with
    /// <paramref name="copiesInRegion"/> null (the region could not be read), every one worth a copy. Expire keeps them.
    /// </summary>
    public static IReadOnlySet<string> AwaitingCopy(
        IEnumerable<Snapshot> sources, IEnumerable<Snapshot>? copiesInRegion, IReadOnlyDictionary<string, Retention> copyRetentionPerTier, DateTimeOffset now)
    {
        var completed = (copiesInRegion ?? []).Where(c => c.State == "completed").Select(c => c.Tag(SnapshotTags.CopyOf)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return WorthACopy(sources, copyRetentionPerTier, now).Select(c => c.Source.SnapshotId).Where(id => !completed.Contains(id)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The originals of a copying tier whose copy would still be inside its own retention, with when it would expire.</summary>
    private static IEnumerable<(Snapshot Source, DateTimeOffset ExpiresAt)> WorthACopy(
        IEnumerable<Snapshot> sources, IReadOnlyDictionary<string, Retention> copyRetentionPerTier, DateTimeOffset now) =>
        sources
            .Where(s => IsOriginal(s) && s.Tag(SnapshotTags.Tier) is { } tier && copyRetentionPerTier.ContainsKey(tier))
            .Select(s => (Source: s, ExpiresAt: copyRetentionPerTier[s.Tag(SnapshotTags.Tier)!].AddTo(s.StartTime!.Value)))
            .Where(c => c.ExpiresAt > now);

    /// <summary>A completed, standard-tier snapshot Lifeguard made from a volume of this region (not a copy of anything).</summary>
    private static bool IsOriginal(Snapshot s) =>
        string.Equals(s.Tag(SnapshotTags.Managed), "true", StringComparison.OrdinalIgnoreCase)
        && s.State == "completed"
        && s.StartTime is not null
        && s.Tag(SnapshotTags.CopyOf) is null
        && s.VolumeId != Snapshot.NoVolume
        && (s.Tag(SnapshotTags.Volume) == s.VolumeId || (s.Tag(SnapshotTags.Volume) is null && s.Tag(SnapshotTags.Instance) is not null))
        && !string.Equals(s.StorageTier, "archive", StringComparison.OrdinalIgnoreCase);
}
