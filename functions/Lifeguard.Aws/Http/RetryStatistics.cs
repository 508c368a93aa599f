namespace Lifeguard.Aws.Http;

/// <summary>Counts of retried and throttled attempts, for the functions' metrics (read a before/after difference per invocation).</summary>
public sealed class RetryStatistics
{
    private long _retried;
    private long _throttled;

    /// <summary>Attempts sent again after a failure, by Lifeguard's own clients (the SDK's retries are not seen).</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Answers that said the caller was throttled, from Lifeguard's clients and the SDK's alike.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    internal void Record(AwsApiException error)
    {
        RecordRetried();
        if (error.IsThrottling)
        {
            RecordThrottled();
        }
    }

    internal void RecordRetried() => Interlocked.Increment(ref _retried);

    internal void RecordThrottled() => Interlocked.Increment(ref _throttled);
}
