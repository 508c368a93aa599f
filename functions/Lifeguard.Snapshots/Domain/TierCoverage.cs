namespace Lifeguard.Snapshots.Domain;

/// <summary>One tier of a protected volume: its newest completed managed snapshot, how old it is, and whether that is
/// more than twice the tier's interval (with no snapshot: whether the volume itself is).</summary>
public sealed record TierCoverage(string Tier, TimeSpan Interval, string? NewestSnapshotId, DateTimeOffset? NewestAt, TimeSpan? Age, bool Overdue);
