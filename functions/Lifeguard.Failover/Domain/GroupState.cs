namespace Lifeguard.Failover.Domain;

/// <summary>What must survive between invocations for one group: who is active, each target's health, the last switch.</summary>
/// <param name="Active">The target the record (or address) points at now; read from the record, never stored.</param>
public sealed record GroupState(string Active, IReadOnlyDictionary<string, TargetHealth> Targets, DateTimeOffset? LastSwitch)
{
    /// <summary>Since when every target has been down (the all-down alert went out then); null otherwise.</summary>
    public DateTimeOffset? AllDownSince { get; init; }
}
