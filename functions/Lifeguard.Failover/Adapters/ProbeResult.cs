namespace Lifeguard.Failover.Adapters;

/// <param name="Detail">What was seen, for the report and the alert: "HTTP 200", "HTTP 500", "connection refused", "timed out after 3 s".</param>
public sealed record ProbeResult(bool Healthy, double LatencyMs, string Detail, DateTimeOffset At);
