using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Tests.Domain;

public sealed class TargetHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_FailuresBelowTheThreshold_StaysUp()
    {
        var health = Run(TargetHealth.Unknown(T0), false, false);

        Assert.True(health.Up);
        Assert.Equal(2, health.Failures);
    }

    [Fact]
    public void Observe_ThresholdOfConsecutiveFailures_GoesDownAtThatProbe()
    {
        var health = Run(TargetHealth.Unknown(T0), false, false, false);

        Assert.False(health.Up);
        Assert.Equal(T0.AddSeconds(30), health.ChangedAt);
    }

    [Fact]
    public void Observe_FailuresFromBeforeACheckerOutage_StartAgain()
    {
        // Two failures, then the checker is out for 10 minutes; one more failure must not make it three.
        var before = Run(TargetHealth.Unknown(T0), false, false);

        var after = before.Observe(false, before.Seen!.Value.AddMinutes(10), FailoverOptions.Default);

        Assert.True(after.Up);
        Assert.Equal(1, after.Failures);
    }

    [Fact]
    public void Observe_FailuresAMinuteApart_StillAddUp()
    {
        var before = Run(TargetHealth.Unknown(T0), false, false);

        var after = before.Observe(false, before.Seen!.Value.AddMinutes(1), FailoverOptions.Default);

        Assert.False(after.Up);
    }

    [Fact]
    public void Observe_SuccessBetweenFailures_ResetsTheCount()
    {
        var health = Run(TargetHealth.Unknown(T0), false, false, true, false, false);

        Assert.True(health.Up);
    }

    [Fact]
    public void Observe_DownTarget_NeedsConsecutiveSuccessesToRecover()
    {
        var down = Run(TargetHealth.Unknown(T0), false, false, false);

        Assert.False(Run(down, true, true).Up);
        Assert.False(Run(down, true, true, false, true, true).Up);
        Assert.True(Run(down, true, true, true).Up);
    }

    [Fact]
    public void Observe_Flapping_NeverChangesState()
    {
        var start = TargetHealth.Unknown(T0);
        var health = start;
        for (var i = 0; i < 100; i++)
        {
            health = health.Observe(i % 2 == 0, T0.AddSeconds(10 * i), FailoverOptions.Default);
        }

        Assert.True(health.Up);
        Assert.Equal(start.ChangedAt, health.ChangedAt);
    }

    private static TargetHealth Run(TargetHealth health, params bool[] probes)
    {
        var at = health.ChangedAt;
        foreach (var ok in probes)
        {
            at = at.AddSeconds(10);
            health = health.Observe(ok, at, FailoverOptions.Default);
        }

        return health;
    }
}
