namespace Lifeguard.Aws.CloudWatch;

/// <summary>
/// One statistic of one metric over fixed periods (GetMetricData's MetricStat query). <see cref="Id"/> ties the query to
/// its series in the answer; CloudWatch wants it unique in the call and starting with a lower-case letter.
/// </summary>
/// <param name="Dimensions">Name and value of each dimension; a metric is found only with all of its dimensions.</param>
/// <param name="PeriodSeconds">60 or a multiple of it for standard-resolution metrics (every AWS/ namespace).</param>
/// <param name="Stat">"Minimum", "Average", "Sum", "p99" and the like.</param>
public sealed record MetricQuery(
    string Id,
    string Namespace,
    string MetricName,
    IReadOnlyList<KeyValuePair<string, string>> Dimensions,
    int PeriodSeconds,
    string Stat);
