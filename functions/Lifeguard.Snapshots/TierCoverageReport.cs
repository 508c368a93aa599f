using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="AgeHours">How old the newest snapshot of the tier is; null when there is none.</param>
/// <param name="Overdue">Older than twice the tier's interval (with no snapshot: the volume is).</param>
public sealed record TierCoverageReport(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("newestSnapshotId")] string? NewestSnapshotId,
    [property: JsonPropertyName("newestAt")] DateTimeOffset? NewestAt,
    [property: JsonPropertyName("ageHours")] double? AgeHours,
    [property: JsonPropertyName("overdue")] bool Overdue);
