namespace Lifeguard.Aws.CloudWatch;

/// <summary>
/// One query's data points, newest first; <c>Timestamps[i]</c> goes with <c>Values[i]</c>. A period without data has no
/// point at all, so a metric that stopped reporting reads as an empty (or short) series, not as zeros.
/// </summary>
/// <param name="StatusCode">
/// CloudWatch's "Complete", "PartialData", "InternalError" or "Forbidden"; null when the answer did not mention the query.
/// </param>
public sealed record MetricSeries(string Id, string? Label, string? StatusCode, IReadOnlyList<DateTimeOffset> Timestamps, IReadOnlyList<double> Values)
{
    public bool IsComplete => StatusCode == "Complete";
}
