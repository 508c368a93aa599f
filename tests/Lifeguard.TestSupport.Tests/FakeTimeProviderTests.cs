using Lifeguard.TestSupport;

namespace Lifeguard.TestSupport.Tests;

public sealed class FakeTimeProviderTests
{
    [Fact]
    public void Advance_PastATokenDelay_CancelsTheToken()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(cts.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriodAtItsOwnTime()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var firedAt = new List<TimeSpan>();
        using var timer = time.CreateTimer(_ => firedAt.Add(time.GetUtcNow() - start), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)], firedAt);
        Assert.Equal(start + TimeSpan.FromSeconds(35), time.GetUtcNow());
    }

    [Fact]
    public void Advance_DisposedTimer_DoesNotFire()
    {
        var time = new FakeTimeProvider();
        var fired = false;
        var timer = time.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(fired);
    }
}
