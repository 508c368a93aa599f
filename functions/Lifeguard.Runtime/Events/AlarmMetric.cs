using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>One entry of an alarm's metric list: a metric with its statistic, or a math expression.</summary>
public sealed record AlarmMetric
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("expression")] public string? Expression { get; init; }

    [JsonPropertyName("label")] public string? Label { get; init; }

    [JsonPropertyName("metricStat")] public AlarmMetricStat? MetricStat { get; init; }

    [JsonPropertyName("returnData")] public bool ReturnData { get; init; }
}
