namespace Lifeguard.Bench.ColdStart;

/// <summary>
/// One process start: until the runtime asked for its first invocation (ready: what Lambda reports as Init Duration)
/// and until it posted that invocation's answer (first response: the cold start a caller waits for).
/// </summary>
internal sealed record ColdStartRun(double ReadyMs, double FirstResponseMs, string? Error);
