using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record AlarmConfiguration
{
    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("metrics")] public IReadOnlyList<AlarmMetric> Metrics { get; init => field = value ?? []; } = [];

    /// <summary>Composite alarms only.</summary>
    [JsonPropertyName("alarmRule")] public string? AlarmRule { get; init; }
}
