namespace Lifeguard.Failover.Domain;

/// <param name="State">The state after this round's probes (before any switch the decision asks for).</param>
public sealed record RoundResult(GroupState State, FailoverDecision Decision, GroupAlert Alert);
