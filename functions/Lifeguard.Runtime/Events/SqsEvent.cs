using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>A batch of SQS messages from an event-source mapping. Note the capital R of `Records`.</summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")] public required IReadOnlyList<SqsMessage> Records { get; init; }
}
