using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record AlarmMetricStat
{
    [JsonPropertyName("metric")] public required AlarmMetricIdentity Metric { get; init; }

    [JsonPropertyName("period")] public int Period { get; init; }

    [JsonPropertyName("stat")] public required string Stat { get; init; }

    [JsonPropertyName("unit")] public string? Unit { get; init; }
}
