using System.Text.Json.Serialization;

namespace Lifeguard.Runtime.EchoFunction;

public sealed record EchoResult(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("traceId")] string? TraceId,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("functionName")] string FunctionName);
