using System.Text.Json.Serialization;

namespace Lifeguard.Snapshots;

/// <summary>What happened to one volume or instance: the snapshot made, or why none was.</summary>
public sealed record TargetOutcome(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("snapshotIds")] IReadOnlyList<string> SnapshotIds,
    [property: JsonPropertyName("detail")] string? Detail = null);
