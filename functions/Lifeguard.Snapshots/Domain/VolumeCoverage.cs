namespace Lifeguard.Snapshots.Domain;

/// <param name="Threshold">Twice the interval of the volume's shortest tier.</param>
/// <param name="NewestAt">Its newest completed managed snapshot over all its tiers.</param>
public sealed record VolumeCoverage(CoverageTarget Target, IReadOnlyList<TierCoverage> Tiers, CoverageStatus Status, TimeSpan Threshold, string? NewestSnapshotId, DateTimeOffset? NewestAt);
