namespace Lifeguard.Failover.Domain;

/// <param name="FailThreshold">Consecutive failed probes that mark a healthy target down.</param>
/// <param name="RecoverThreshold">Consecutive good probes that mark a down target up.</param>
/// <param name="Cooldown">No second switch within this time of the last one.</param>
public sealed record FailoverOptions(
    int FailThreshold,
    int RecoverThreshold,
    TimeSpan Cooldown,
    FailbackPolicy Failback,
    TimeSpan FailbackAfter)
{
    /// <summary>
    /// Counts in progress whose last probe is older than this start again (two missed one-minute runs: the checker was
    /// out, and what it saw before says nothing about now).
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(2);

    public static FailoverOptions Default { get; } = new(3, 3, TimeSpan.FromMinutes(5), FailbackPolicy.Never, TimeSpan.FromMinutes(10));
}
