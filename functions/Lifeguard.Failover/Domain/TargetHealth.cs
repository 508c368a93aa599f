namespace Lifeguard.Failover.Domain;

/// <summary>
/// A target's health with hysteresis: <see cref="Up"/> changes only after enough consecutive probes say so, so one
/// lost packet does not move a DNS record and a flapping server never looks healthy.
/// </summary>
public sealed record TargetHealth(bool Up, int Failures, int Successes, DateTimeOffset ChangedAt)
{
    /// <summary>A target nobody has probed yet counts as up: the record already points somewhere for a reason.</summary>
    public static TargetHealth Unknown(DateTimeOffset now) => new(true, 0, 0, now);

    public TargetHealth Observe(bool probeSucceeded, DateTimeOffset now, FailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (probeSucceeded)
        {
            var successes = Successes + 1;
            return !Up && successes >= options.RecoverThreshold
                ? new TargetHealth(true, 0, successes, now)
                : this with { Failures = 0, Successes = successes };
        }

        var failures = Failures + 1;
        return Up && failures >= options.FailThreshold
            ? new TargetHealth(false, failures, 0, now)
            : this with { Failures = failures, Successes = 0 };
    }
}
