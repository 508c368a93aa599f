using System.Text.Json.Serialization;

namespace Lifeguard.Failover;

public sealed record FailoverReport(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("groups")] IReadOnlyList<GroupReport> Groups);

/// <param name="Outcome">healthy, active-failing (status: the active target failed this probe), switched, would-switch, already-switched (another checker did), unconfirmed (the probes say switch, Route 53's checkers do not agree), unchanged (switch: already there), all-down, held, conflict (changed by someone else), refused (switch: target failed its probe), unknown-value (points at no configured target) or error.</param>
/// <param name="Current">What the record or address points at after this run.</param>
/// <param name="Active">The target <paramref name="Current"/> belongs to; null when it is no configured target.</param>
/// <param name="Events">What happened, in order ("round 3: lb1 is down (connection refused); switched to lb2").</param>
public sealed record GroupReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("current")] string? Current,
    [property: JsonPropertyName("active")] string? Active,
    [property: JsonPropertyName("events")] IReadOnlyList<string> Events,
    [property: JsonPropertyName("targets")] IReadOnlyList<TargetReport> Targets,
    [property: JsonPropertyName("error")] string? Error = null);

/// <param name="Probes">This run's probes of the target, oldest first.</param>
/// <param name="Route53">Route 53's health checkers' view ("unhealthy, 0% of checkers see it up at 03:01Z"), when the group has confirmWith and this run read it.</param>
public sealed record TargetReport(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("up")] bool Up,
    [property: JsonPropertyName("failures")] int Failures,
    [property: JsonPropertyName("successes")] int Successes,
    [property: JsonPropertyName("probes")] IReadOnlyList<ProbeReport> Probes,
    [property: JsonPropertyName("route53")] string? Route53 = null);

public sealed record ProbeReport(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("latencyMs")] double LatencyMs,
    [property: JsonPropertyName("detail")] string Detail);
