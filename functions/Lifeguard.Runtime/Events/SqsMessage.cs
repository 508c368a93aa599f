using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

public sealed record SqsMessage
{
    [JsonPropertyName("messageId")] public required string MessageId { get; init; }

    [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; init; }

    [JsonPropertyName("body")] public required string Body { get; init; }

    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string> Attributes { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    [JsonPropertyName("messageAttributes")]
    public IReadOnlyDictionary<string, SqsMessageAttributeValue> MessageAttributes { get; init => field = value ?? new Dictionary<string, SqsMessageAttributeValue>(); } = new Dictionary<string, SqsMessageAttributeValue>();

    [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; init; }

    [JsonPropertyName("md5OfMessageAttributes")] public string? Md5OfMessageAttributes { get; init; }

    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }

    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }
}
