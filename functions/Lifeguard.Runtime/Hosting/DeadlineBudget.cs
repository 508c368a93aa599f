namespace Lifeguard.Runtime.Hosting;

/// <summary>How long a handler may run before its token fires, leaving time to report and flush.</summary>
public static class DeadlineBudget
{
    private static readonly TimeSpan MinimumMargin = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaximumMargin = TimeSpan.FromSeconds(5);

    /// <summary>A tenth of the remaining time, at least 250 ms and at most 5 s, is kept back.</summary>
    public static TimeSpan SafetyMargin(TimeSpan remaining) =>
        TimeSpan.FromTicks(Math.Clamp(remaining.Ticks / 10, MinimumMargin.Ticks, MaximumMargin.Ticks));

    public static TimeSpan HandlerBudget(TimeSpan remaining)
    {
        var budget = remaining - SafetyMargin(remaining);
        return budget > TimeSpan.Zero ? budget : TimeSpan.Zero;
    }
}
