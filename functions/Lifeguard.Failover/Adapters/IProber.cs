using Lifeguard.Failover.Configuration;

namespace Lifeguard.Failover.Adapters;

public interface IProber
{
    /// <summary>Never throws for a failed probe: failure is a result. Throws only when <paramref name="cancellationToken"/> fires.</summary>
    Task<ProbeResult> ProbeAsync(ProbeConfig probe, CancellationToken cancellationToken);
}
