using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record AlarmMetricIdentity
{
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("dimensions")] public IReadOnlyDictionary<string, string> Dimensions { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}
