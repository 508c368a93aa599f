using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>
/// The EventBridge envelope. A schedule rule without input delivers it with an empty `detail` object;
/// EventBridge Scheduler delivers `detail` as a string (`"{}"`), so scheduled events use <see cref="System.Text.Json.JsonElement"/>.
/// A rule with constant input delivers that input instead of the envelope.
/// </summary>
public sealed record EventBridgeEvent<TDetail>
{
    [JsonPropertyName("version")] public string? Version { get; init; }

    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("detail-type")] public required string DetailType { get; init; }

    [JsonPropertyName("source")] public required string Source { get; init; }

    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("time")]
    [JsonConverter(typeof(AwsTimestampConverter))]
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }

    [JsonPropertyName("resources")] public IReadOnlyList<string> Resources { get; init => field = value ?? []; } = [];

    [JsonPropertyName("detail")] public required TDetail Detail { get; init; }
}
