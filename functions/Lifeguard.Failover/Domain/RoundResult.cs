namespace Lifeguard.Failover.Domain;

/// <param name="State">The state after this round's probes (before any switch the decision asks for).</param>
/// <param name="Standby">Targets other than the active one that went down or came back up this round, each told once.</param>
public sealed record RoundResult(GroupState State, FailoverDecision Decision, GroupAlert Alert, IReadOnlyList<StandbyChange> Standby);

/// <summary>A target that is not active went down (<paramref name="Down"/>) or is up again.</summary>
public sealed record StandbyChange(string Target, bool Down);
