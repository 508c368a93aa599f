namespace Lifeguard.Aws.Http;

/// <summary>Counts of retried attempts, for the functions' metrics (read a before/after difference per invocation).</summary>
public sealed class RetryStatistics
{
    private long _retried;
    private long _throttled;

    /// <summary>Attempts sent again after a failure of any kind.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Attempts the service throttled.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    internal void Record(AwsApiException error)
    {
        Interlocked.Increment(ref _retried);
        if (error.IsThrottling)
        {
            Interlocked.Increment(ref _throttled);
        }
    }
}
