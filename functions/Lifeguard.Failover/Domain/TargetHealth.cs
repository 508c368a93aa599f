namespace Lifeguard.Failover.Domain;

/// <summary>
/// A target's health with hysteresis: <see cref="Up"/> changes only after enough consecutive probes say so, so one
/// lost packet does not move a DNS record and a flapping server never looks healthy. The counts stop at their
/// thresholds, so a steady target's state stops changing and nothing needs writing back.
/// </summary>
public sealed record TargetHealth(bool Up, int Failures, int Successes, DateTimeOffset ChangedAt)
{
    /// <summary>
    /// When the last probe counting towards a change that has not happened yet was made (failures of an up target,
    /// successes of a down one); null when nothing is under way. Evidence older than
    /// <see cref="FailoverOptions.StaleAfter"/> starts again: failures seen before a checker outage do not count towards
    /// the next one.
    /// </summary>
    public DateTimeOffset? Seen { get; init; }

    /// <summary>Probes are counting towards a change: failures of an up target, or successes of a down one.</summary>
    public bool Partial => (Up && Failures > 0) || (!Up && Successes > 0);

    /// <summary>A target nobody has probed yet counts as up: the record already points somewhere for a reason.</summary>
    public static TargetHealth Unknown(DateTimeOffset now) => new(true, 0, 0, now);

    public TargetHealth Observe(bool probeSucceeded, DateTimeOffset now, FailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var current = Partial && Seen is { } seen && now - seen > options.StaleAfter
            ? this with { Failures = Up ? 0 : Failures, Successes = Up ? Successes : 0, Seen = null }
            : this;
        var next = current.Next(probeSucceeded, now, options);
        return next with { Seen = next.Partial ? now : null };
    }

    private TargetHealth Next(bool probeSucceeded, DateTimeOffset now, FailoverOptions options)
    {
        if (probeSucceeded)
        {
            var successes = Math.Min(Successes + 1, options.RecoverThreshold);
            return !Up && successes >= options.RecoverThreshold
                ? new TargetHealth(true, 0, successes, now)
                : this with { Failures = 0, Successes = successes };
        }

        var failures = Math.Min(Failures + 1, options.FailThreshold);
        return Up && failures >= options.FailThreshold
            ? new TargetHealth(false, failures, 0, now)
            : this with { Failures = failures, Successes = 0 };
    }
}
