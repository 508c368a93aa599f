namespace Lifeguard.Failover.Domain;

public sealed record FailoverDecision(DecisionKind Kind, string? Target, string Reason)
{
    public static FailoverDecision Hold(string reason) => new(DecisionKind.Hold, null, reason);
}
