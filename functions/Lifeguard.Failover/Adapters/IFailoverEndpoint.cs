using Lifeguard.Aws.Route53;
namespace Lifeguard.Failover.Adapters;

/// <summary>The thing a group moves (a Route 53 record or an Elastic IP), and where the group's state is kept beside it.</summary>
public interface IFailoverEndpoint
{
    /// <summary>What it points at now ("192.0.2.10", "lb2.example.com", "i-…"); null when the record is missing or the address is not associated.</summary>
    Task<string?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Whether a target's configured value is what <paramref name="current"/> says (addresses and names compared as such).</summary>
    bool Matches(string configured, string current);

    /// <summary>Moves it from <paramref name="currentValue"/> to <paramref name="newValue"/>, or says someone else moved it first.</summary>
    Task<SwitchOutcome> SwitchAsync(string? currentValue, string newValue, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> LoadStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state if the store still holds what this endpoint last loaded or wrote (compare-and-swap); false,
    /// writing nothing, when another run wrote it meanwhile.
    /// </summary>
    Task<bool> SaveStateAsync(IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Puts right what drifted from the configuration (a record's TTL above the configured one keeps the first failover
    /// waiting for it); returns what it did, or with <paramref name="dryRun"/> what it would do; null when nothing drifted.
    /// </summary>
    Task<string?> RepairAsync(bool dryRun, CancellationToken cancellationToken);
}
