namespace Lifeguard.Aws.CloudWatch;

public interface ICloudWatchClient
{
    /// <summary>
    /// Every query's series between <paramref name="startTime"/> (inclusive) and <paramref name="endTime"/> (exclusive), newest
    /// point first, keyed by <see cref="MetricQuery.Id"/>; a query without data has an empty series. Follows NextToken.
    /// </summary>
    Task<IReadOnlyDictionary<string, MetricSeries>> GetMetricDataAsync(
        IReadOnlyList<MetricQuery> queries, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken);
}
