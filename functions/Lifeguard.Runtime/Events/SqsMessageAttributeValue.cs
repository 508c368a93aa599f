using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record SqsMessageAttributeValue
{
    [JsonPropertyName("stringValue")] public string? StringValue { get; init; }

    /// <summary>Base64, as SQS sends it.</summary>
    [JsonPropertyName("binaryValue")] public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")] public IReadOnlyList<string> StringListValues { get; init => field = value ?? []; } = [];

    [JsonPropertyName("binaryListValues")] public IReadOnlyList<string> BinaryListValues { get; init => field = value ?? []; } = [];

    [JsonPropertyName("dataType")] public required string DataType { get; init; }
}
