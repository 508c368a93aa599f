using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.Events;

/// <summary>
/// The partial batch response (the mapping needs ReportBatchItemFailures): the ids listed return to the queue,
/// every other message of the batch is deleted.
/// </summary>
public sealed record SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")] public required IReadOnlyList<SqsBatchItemFailure> BatchItemFailures { get; init; }
}
