namespace Lifeguard.Failover.Domain;

/// <summary>Whether the record goes back to the preferred (first) target once it is healthy again.</summary>
public enum FailbackPolicy
{
    /// <summary>Stay on the target that took over until it fails in turn (Route 53 failover's behaviour).</summary>
    Never,

    /// <summary>Go back once the preferred target has been healthy for <see cref="FailoverOptions.FailbackAfter"/>.</summary>
    AfterHealthy,
}
