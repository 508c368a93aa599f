namespace Lifeguard.Runtime.Hosting;

/// <summary>One event handed out by GET /runtime/invocation/next.</summary>
public sealed record Invocation(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    byte[] Body);
