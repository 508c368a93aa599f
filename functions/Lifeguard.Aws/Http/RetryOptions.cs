namespace Lifeguard.Aws.Http;

/// <summary>
/// Exponential backoff with full jitter: before attempt n+1 wait a random time in [0, min(MaxDelay, BaseDelay * 2^n)].
/// The caller's CancellationToken (the invocation deadline) bounds the whole.
/// </summary>
public sealed record RetryOptions
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Each attempt's own limit; a stalled connection is abandoned and (when safe) retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1 (attempts count from 1), given a uniform sample in [0, 1).</summary>
    public TimeSpan Backoff(int attempt, double sample)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(ceiling * sample);
    }
}
