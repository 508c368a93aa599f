namespace Lifeguard.Promotion.Adapters;

/// <summary>Stops the old master's instance when the policy asks: the last fence, for a master that may come back.</summary>
public interface IInstanceStopper
{
    /// <summary>Force-stops the instance; the state it is in now (`stopping`, `stopped`).</summary>
    Task<string> StopAsync(string instanceId, CancellationToken cancellationToken);
}
