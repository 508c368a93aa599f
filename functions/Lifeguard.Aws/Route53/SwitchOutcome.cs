namespace Lifeguard.Aws.Route53;

/// <param name="CurrentValue">What the record holds after the attempt.</param>
/// <param name="InSync">Whether Route 53 reported the change INSYNC (only when asked to wait).</param>
public sealed record SwitchOutcome(SwitchResult Result, string? CurrentValue, bool InSync);
