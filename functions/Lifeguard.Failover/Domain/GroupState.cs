namespace Lifeguard.Failover.Domain;

/// <summary>What must survive between invocations for one group: who is active, each target's health, the last switch.</summary>
public sealed record GroupState(string Active, IReadOnlyDictionary<string, TargetHealth> Targets, DateTimeOffset? LastSwitch);
