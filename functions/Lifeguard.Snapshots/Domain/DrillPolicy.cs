namespace Lifeguard.Snapshots.Domain;

/// <summary>The restore drills' decisions, without I/O: what to restore, which volumes first, what is a leftover, who is overdue.</summary>
public static class DrillPolicy
{
    /// <summary>
    /// The snapshot a drill restores: the newest completed managed snapshot of the volume, never one in the archive tier
    /// (restoring it takes hours and bills a retrieval) nor one still pending or in error.
    /// </summary>
    public static Snapshot? NewestRestorable(IEnumerable<Snapshot> snapshots, string volumeId) =>
        snapshots
            .Where(s => s.VolumeId == volumeId && s.State == "completed" && s.Tag(SnapshotTags.Managed) == "true" && s.StorageTier != "archive")
            .OrderByDescending(s => s.StartTime ?? DateTimeOffset.MinValue)
            .ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// The volumes a scheduled run drills: never tried first, then the longest since their last drill (passed or
    /// not), then by id; at most <paramref name="sample"/> of them (all when null). A run cut short by its deadline leaves
    /// the recently drilled ones for last, so successive runs go round every volume.
    /// </summary>
    public static IReadOnlyList<Volume> Order(IEnumerable<Volume> volumes, int? sample)
    {
        var ordered = volumes
            .OrderBy(v => LastTried(v) ?? LastPassed(v) ?? DateTimeOffset.MinValue)
            .ThenBy(v => v.VolumeId, StringComparer.Ordinal);
        return [.. sample is { } n ? ordered.Take(n) : ordered];
    }

    public static DateTimeOffset? LastTried(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return SnapshotSlot.TryParseExpiry(Tag(volume, DrillTags.TriedAt), out var at) ? at : null;
    }

    public static DateTimeOffset? LastPassed(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return SnapshotSlot.TryParseExpiry(Tag(volume, DrillTags.PassedAt), out var at) ? at : null;
    }

    /// <summary>
    /// Volumes an earlier drill left behind: only ones carrying <see cref="DrillTags.Drill"/>, and only once they are older
    /// than <paramref name="leftAfter"/> (longer than any run lasts), so a drill still running elsewhere keeps its volume.
    /// A tagged volume whose age EC2 did not give is taken to be old.
    /// </summary>
    public static IReadOnlyList<Volume> Leftovers(IEnumerable<Volume> volumes, DateTimeOffset now, TimeSpan leftAfter) =>
        [.. volumes.Where(v => !string.IsNullOrEmpty(Tag(v, DrillTags.Drill)) && (v.CreateTime is not { } created || now - created > leftAfter))];

    /// <summary>
    /// Each protected volume's standing once this run's passes (<paramref name="passedNow"/>) are counted: overdue when
    /// neither a pass nor, for a volume never drilled, its creation lies within <paramref name="maxAge"/>.
    /// </summary>
    public static IReadOnlyList<DrillStanding> Standings(IEnumerable<Volume> volumes, IReadOnlyDictionary<string, DateTimeOffset> passedNow, DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(passedNow);
        return [.. volumes.Select(v =>
        {
            var lastPassed = passedNow.TryGetValue(v.VolumeId, out var at) ? at : LastPassed(v);
            var since = lastPassed ?? v.CreateTime;
            var overdue = since is not { } s || now - s > maxAge;
            return new DrillStanding(v.VolumeId, lastPassed, overdue, !string.IsNullOrEmpty(Tag(v, DrillTags.OverdueAlerted)));
        }).OrderBy(s => s.VolumeId, StringComparer.Ordinal)];
    }

    private static string? Tag(Volume volume, string key) => volume.Tags.FirstOrDefault(t => t.Key == key)?.Value;
}
