
namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// Decides which snapshots an expire run deletes. A snapshot is deleted only when all of these hold: it is tagged
/// `lifeguard:managed=true`; its `lifeguard:expires-at` is a valid time in the past (and, with a catalog, the catalog
/// says it is due); it is `completed`; it has no `lifeguard:protect` tag; no AMI uses it; and it is not the newest
/// completed managed snapshot of a volume that still exists. Anything uncertain is kept and reported.
/// </summary>
public static class ExpiryPolicy
{
    public static ExpiryPlan Decide(
        IReadOnlyList<Snapshot> managed,
        IReadOnlySet<string> existingVolumeIds,
        IReadOnlySet<string> imageSnapshotIds,
        DateTimeOffset now,
        TimeSpan stuckPendingAfter,
        IReadOnlySet<string>? dueInCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(existingVolumeIds);
        ArgumentNullException.ThrowIfNull(imageSnapshotIds);
        var newestPerVolume = managed
            .Where(s => IsManaged(s) && s.State == "completed" && existingVolumeIds.Contains(s.VolumeId))
            .GroupBy(s => s.VolumeId)
            .Select(g => g.OrderByDescending(s => s.StartTime ?? DateTimeOffset.MinValue).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal).First().SnapshotId)
            .ToHashSet(StringComparer.Ordinal);
        var delete = new List<(Snapshot Snapshot, DateTimeOffset ExpiresAt)>();
        var skipped = new List<ExpirySkip>();
        var problems = new List<SnapshotProblem>();
        foreach (var snapshot in managed)
        {
            if (snapshot.State == "error")
            {
                problems.Add(new(snapshot.SnapshotId, snapshot.VolumeId, "snapshot is in state error"));
            }
            else if (snapshot.State == "pending" && snapshot.StartTime is { } started && now - started > stuckPendingAfter)
            {
                problems.Add(new(snapshot.SnapshotId, snapshot.VolumeId, $"snapshot pending since {SnapshotSlot.FormatExpiry(started)}"));
            }

            var expiresTag = snapshot.Tag(SnapshotTags.ExpiresAt);
            var hasExpiry = SnapshotSlot.TryParseExpiry(expiresTag, out var expiresAt);
            var due = dueInCatalog?.Contains(snapshot.SnapshotId) ?? (hasExpiry && expiresAt <= now);
            if (!due)
            {
                continue;
            }

            var skip = Skip(snapshot, hasExpiry, expiresTag, newestPerVolume, imageSnapshotIds);
            if (skip is not null)
            {
                skipped.Add(skip);
                continue;
            }

            delete.Add((snapshot, expiresAt));
        }

        return new ExpiryPlan(
            [.. delete.OrderBy(d => d.ExpiresAt).ThenBy(d => d.Snapshot.SnapshotId, StringComparer.Ordinal).Select(d => d.Snapshot)],
            skipped,
            problems);
    }

    private static ExpirySkip? Skip(Snapshot snapshot, bool hasExpiry, string? expiresTag, HashSet<string> newestPerVolume, IReadOnlySet<string> imageSnapshotIds)
    {
        ExpirySkip Reason(ExpirySkipReason reason, string detail) => new(snapshot.SnapshotId, snapshot.VolumeId, reason, detail);
        if (!IsManaged(snapshot))
        {
            return Reason(ExpirySkipReason.NotManaged, $"no {SnapshotTags.Managed}=true tag");
        }

        if (!hasExpiry)
        {
            return Reason(ExpirySkipReason.BadExpiry, $"{SnapshotTags.ExpiresAt} is '{expiresTag}', not a UTC time");
        }

        if (snapshot.Tag(SnapshotTags.Protect) is not null)
        {
            return Reason(ExpirySkipReason.Protected, $"tagged {SnapshotTags.Protect}");
        }

        if (snapshot.State != "completed")
        {
            return Reason(ExpirySkipReason.NotCompleted, $"state is {snapshot.State}");
        }

        if (imageSnapshotIds.Contains(snapshot.SnapshotId))
        {
            return Reason(ExpirySkipReason.UsedByImage, "an AMI is made from it");
        }

        return newestPerVolume.Contains(snapshot.SnapshotId)
            ? Reason(ExpirySkipReason.NewestOfVolume, "the newest completed snapshot of a volume that still exists")
            : null;
    }

    private static bool IsManaged(Snapshot snapshot) => string.Equals(snapshot.Tag(SnapshotTags.Managed), "true", StringComparison.OrdinalIgnoreCase);
}
