using Lifeguard.Snapshots.Adapters;
using Microsoft.Extensions.Time.Testing;

namespace Lifeguard.Snapshots.Tests.Adapters;

public sealed class TokenBucketTests
{
    [Fact]
    public async Task TakeAsync_BurstThenRefill_PacesToTheRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 100, refillPerSecond: 5, time);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(bucket.TakeAsync(CancellationToken.None).IsCompletedSuccessfully, $"call {i} of the burst waited");
        }

        var next = bucket.TakeAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next;
    }

    [Fact]
    public async Task TakeAsync_QueuedCallers_AreServedOneRefillApart()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 1, refillPerSecond: 2, time);
        await bucket.TakeAsync(CancellationToken.None);

        var second = bucket.TakeAsync(CancellationToken.None);
        var third = bucket.TakeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));

        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TakeAsync_CancelledWhileWaiting_GivesTheTokenBack()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 1, refillPerSecond: 1, time);
        await bucket.TakeAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = bucket.TakeAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(bucket.TakeAsync(CancellationToken.None).IsCompletedSuccessfully);
    }
}
