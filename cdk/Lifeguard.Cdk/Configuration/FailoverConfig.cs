using System.Text.Json.Serialization;
using Lifeguard.Failover.Configuration;

namespace Lifeguard.Cdk.Configuration;

/// <summary>The health check: the groups (the function's own configuration shape), how often it probes, and where it runs.</summary>
public sealed record FailoverConfig
{
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }

    [JsonPropertyName("groups")] public IReadOnlyList<FailoverGroup> Groups { get; init => field = value ?? []; } = [];

    /// <summary>Seconds between probe rounds within each one-minute invocation.</summary>
    [JsonPropertyName("probeIntervalSeconds")] public double ProbeIntervalSeconds { get; set; } = 10;

    /// <summary>Optional: run inside a VPC so private addresses can be probed.</summary>
    [JsonPropertyName("vpc")] public VpcPlacementConfig? Vpc { get; init; }
}
