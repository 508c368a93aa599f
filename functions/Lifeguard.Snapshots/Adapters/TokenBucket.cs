namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Paces calls to EC2's own token bucket (CreateSnapshot and DeleteSnapshot: 100 burst, 5 per second), so a large run
/// waits its turn instead of being throttled. A caller takes its token at once, going into debt if need be, and then
/// waits out the debt: callers are served in order, without a lock held across the wait.
/// </summary>
public sealed class TokenBucket(int capacity, double refillPerSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = capacity;
    private DateTimeOffset _last = time.GetUtcNow();

    public async Task TakeAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _tokens = Math.Min(capacity, _tokens + ((now - _last).TotalSeconds * refillPerSecond));
            _last = now;
            _tokens -= 1;
            wait = _tokens < 0 ? TimeSpan.FromSeconds(-_tokens / refillPerSecond) : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The token was not used: give it back so the debt does not outlive the caller.
                lock (_gate)
                {
                    _tokens += 1;
                }

                throw;
            }
        }
    }
}
