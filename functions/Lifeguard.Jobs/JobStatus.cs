using System.Text.Json.Serialization;

namespace Lifeguard.Jobs;

/// <summary>
/// What the status topic receives for a job (JSON; message attributes `status` and `type` for subscription filters).
/// </summary>
/// <param name="Status">succeeded or failed.</param>
/// <param name="Attempt">Which delivery of the message this was (SQS ApproximateReceiveCount).</param>
public sealed record JobStatus(
    [property: JsonPropertyName("jobId")] string? JobId,
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("outputs")] IReadOnlyList<JobOutput> Outputs,
    [property: JsonPropertyName("durationMs")] double DurationMs,
    [property: JsonPropertyName("attempt")] int Attempt);

public sealed record JobOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("bytes")] int Bytes,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height);
