using Lifeguard.Aws.CloudWatch;
using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Adapters;

/// <summary>
/// Route 53's view of a group's targets, read from the health checks' CloudWatch metrics in us-east-1
/// (HealthCheckStatus averaged and HealthCheckPercentageHealthy, one-minute periods), not from GetHealthCheckStatus, which AWS
/// documents as not meant for production query rates. One GetMetricData call per group; a point older than
/// <see cref="FreshFor"/> does not count.
/// </summary>
public sealed class Route53HealthView(ICloudWatchClient cloudWatch, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> healthChecks, TimeProvider time) : ISecondOpinionSource
{
    /// <summary>Route 53 publishes every minute; three minutes allows for its delay without trusting an old view.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(3);

    public async Task<IReadOnlyDictionary<string, SecondOpinion>> ReadAsync(FailoverGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ids = healthChecks.GetValueOrDefault(group.Name)
            ?? throw new InvalidOperationException($"Group {group.Name} asks Route 53 for a second opinion but no health check ids were given (LIFEGUARD_ROUTE53_HEALTH_CHECKS).");
        var targets = group.Targets.Where(t => ids.ContainsKey(t.Name)).Select((t, i) => (t.Name, Id: ids[t.Name], Index: i)).ToList();
        var queries = targets.SelectMany(t => new[]
        {
            new MetricQuery($"s{t.Index}", "AWS/Route53", "HealthCheckStatus", [new("HealthCheckId", t.Id)], 60, "Average"),
            new MetricQuery($"p{t.Index}", "AWS/Route53", "HealthCheckPercentageHealthy", [new("HealthCheckId", t.Id)], 60, "Average"),
        }).ToList();
        var now = time.GetUtcNow();
        // The end reaches past now: the minute under way is a period of its own, which an end at now may cut off.
        var series = await cloudWatch.GetMetricDataAsync(queries, now - FreshFor, now + TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        return targets.ToDictionary(t => t.Name, t => Opinion(series.GetValueOrDefault($"s{t.Index}"), series.GetValueOrDefault($"p{t.Index}")), StringComparer.Ordinal);
    }

    /// <summary>
    /// The newest minute: healthy when the status was 1 all minute, unhealthy when 0 all minute; a minute in which
    /// Route 53's verdict changed confirms neither (the next minute will).
    /// </summary>
    private static SecondOpinion Opinion(MetricSeries? status, MetricSeries? percent) =>
        status is { Values.Count: > 0 }
            ? new SecondOpinion(status.Values[0] switch { >= 0.999 => true, <= 0.001 => false, _ => null }, percent is { Values.Count: > 0 } ? percent.Values[0] : null, status.Timestamps[0])
            : SecondOpinion.Unknown;
}
