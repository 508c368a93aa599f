using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <param name="Degraded">
/// Targets snapshotted crash-consistent although a freeze was asked for (also listed in <paramref name="Created"/>), and why.
/// </param>
public sealed record SnapshotReport(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("created")] IReadOnlyList<TargetOutcome> Created,
    [property: JsonPropertyName("skipped")] IReadOnlyList<TargetOutcome> Skipped,
    [property: JsonPropertyName("failed")] IReadOnlyList<TargetOutcome> Failed,
    [property: JsonPropertyName("degraded")] IReadOnlyList<TargetOutcome> Degraded);
