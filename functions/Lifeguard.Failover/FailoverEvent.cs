using System.Text.Json.Serialization;

namespace Lifeguard.Failover;

/// <summary>
/// The input: the every-minute rule sends <c>{"action":"check"}</c>; by hand, <c>{"action":"status"}</c> probes once
/// and reports, and <c>{"action":"switch","group":"web","target":"lb2"}</c> moves a group now.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FailoverEvent
{
    /// <summary>check (default), status or switch.</summary>
    [JsonPropertyName("action")] public string Action { get; init => field = value ?? "check"; } = "check";

    /// <summary>Only this group (required for switch).</summary>
    [JsonPropertyName("group")] public string? Group { get; init; }

    /// <summary>switch: the target to move to.</summary>
    [JsonPropertyName("target")] public string? Target { get; init; }

    /// <summary>switch: move even when the target fails its probe.</summary>
    [JsonPropertyName("force")] public bool Force { get; init; }

    [JsonPropertyName("dryRun")] public bool DryRun { get; init; }

    /// <summary>check: probe rounds in this invocation (default: as many as fit the check window).</summary>
    [JsonPropertyName("rounds")] public int? Rounds { get; init; }

    /// <summary>check: seconds between rounds (default LIFEGUARD_PROBE_INTERVAL_SECONDS).</summary>
    [JsonPropertyName("probeIntervalSeconds")] public double? ProbeIntervalSeconds { get; init; }
}
