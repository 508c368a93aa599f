namespace Lifeguard.Failover.Domain;

/// <summary>What a round tells the operators besides a switch, each said once per episode.</summary>
public enum GroupAlert
{
    None,

    /// <summary>Every target has just gone down: the record is held where it is.</summary>
    AllDown,

    /// <summary>The active target is up again after an all-down episode.</summary>
    Recovered,
}
