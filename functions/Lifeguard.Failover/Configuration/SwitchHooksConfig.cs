using System.Text.Json.Serialization;

namespace Lifeguard.Failover.Configuration;

/// <summary>
/// SSM Run Command documents run after a switch, like keepalived's notify_master and notify_backup: one on the target
/// that took over, one on the target it left (which may be dead: its hook then fails, and is reported). Each runs once
/// per switch, after the switch is told; a failed hook never undoes a switch. A document must be safe to run again.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SwitchHooksConfig
{
    /// <summary>Run on the new active target (its instance), e.g. to start taking traffic.</summary>
    [JsonPropertyName("onNew")] public string? OnNew { get; init; }

    /// <summary>Run on the target left behind, e.g. to demote the old load balancer.</summary>
    [JsonPropertyName("onOld")] public string? OnOld { get; init; }

    /// <summary>How long to wait for each hook's result (30 to 60 s: SSM's floor, and within the health check's run).</summary>
    [JsonPropertyName("timeoutSeconds")] public int TimeoutSeconds { get; set; } = 30;
}
