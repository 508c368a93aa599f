namespace Lifeguard.Failover.Domain;

public enum DecisionKind
{
    /// <summary>Leave the record as it is.</summary>
    Hold,

    /// <summary>Move the record to <see cref="FailoverDecision.Target"/>.</summary>
    Switch,

    /// <summary>Every target is down: keep the record and alert.</summary>
    AllDown,
}
