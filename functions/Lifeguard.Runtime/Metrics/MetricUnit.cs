namespace Lifeguard.Runtime.Metrics;

/// <summary>The CloudWatch units Lifeguard reports in.</summary>
public enum MetricUnit
{
    None,
    Count,
    Milliseconds,
    Seconds,
    Bytes,
    Percent,
}
