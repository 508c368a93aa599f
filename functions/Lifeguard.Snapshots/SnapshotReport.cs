using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

public sealed record SnapshotReport(
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("created")] IReadOnlyList<TargetOutcome> Created,
    [property: JsonPropertyName("skipped")] IReadOnlyList<TargetOutcome> Skipped,
    [property: JsonPropertyName("failed")] IReadOnlyList<TargetOutcome> Failed);
