using Lifeguard.Failover.Configuration;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Adapters;

/// <summary>Another view of the targets' health than Lifeguard's own probes.</summary>
public interface ISecondOpinionSource
{
    /// <summary>Per target name; a target without a view is missing or <see cref="SecondOpinion.Unknown"/>.</summary>
    Task<IReadOnlyDictionary<string, SecondOpinion>> ReadAsync(FailoverGroup group, CancellationToken cancellationToken);
}
