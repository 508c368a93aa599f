using System.Text.Json.Serialization;
using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots;

/// <param name="Threshold">Twice its shortest tier's interval (ISO 8601): older than this, it is unprotected.</param>
/// <param name="UnprotectedSince">When a check reported it unprotected (its state tag); null when it has not.</param>
public sealed record VolumeCoverageReport(
    [property: JsonPropertyName("volumeId")] string VolumeId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("instanceIds")] IReadOnlyList<string> InstanceIds,
    [property: JsonPropertyName("status")] CoverageStatus Status,
    [property: JsonPropertyName("threshold")] string Threshold,
    [property: JsonPropertyName("newestSnapshotId")] string? NewestSnapshotId,
    [property: JsonPropertyName("newestAt")] DateTimeOffset? NewestAt,
    [property: JsonPropertyName("unprotectedSince")] string? UnprotectedSince,
    [property: JsonPropertyName("tiers")] IReadOnlyList<TierCoverageReport> Tiers)
{
    public static VolumeCoverageReport From(VolumeCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        var target = coverage.Target;
        return new VolumeCoverageReport(
            target.VolumeId, target.Name, target.InstanceIds, coverage.Status, TierInterval.Format(coverage.Threshold), coverage.NewestSnapshotId, coverage.NewestAt,
            target.AlertedSince,
            [.. coverage.Tiers.Select(t => new TierCoverageReport(
                t.Tier, TierInterval.Format(t.Interval), t.NewestSnapshotId, t.NewestAt, t.Age is { } age ? Math.Round(age.TotalHours, 1) : null, t.Overdue))]);
    }
}
