using System.Text.Json.Serialization;
using Lifeguard.Promotion.Configuration;

namespace Lifeguard.Cdk.Configuration;

/// <summary>Replica promotion: the clusters (the function's own configuration shape), the database VPC, and what raises each master's alarm.</summary>
public sealed record PromotionConfig
{
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }

    [JsonPropertyName("clusters")] public IReadOnlyList<ClusterConfig> Clusters { get; init => field = value ?? []; } = [];

    /// <summary>Required when enabled: the function connects to the databases, so it runs in their VPC.</summary>
    [JsonPropertyName("vpc")] public VpcPlacementConfig? Vpc { get; init; }

    /// <summary>
    /// Per cluster (by name), what the master's alarm watches. Default: the master instance's EC2 status checks
    /// (StatusCheckFailed). Or the health check's probe of the database port: {"probeGroup": "shop-db", "probeTarget": "db1"}.
    /// </summary>
    /// <summary>The watcher: every minute, rounds of database-level probes of each cluster's master that start the promotion themselves (seconds, not the minutes of an alarm). On by default.</summary>
    [JsonPropertyName("watch")] public bool Watch { get; set; } = true;

    /// <summary>How often the readiness check runs (minutes; 0: never on a schedule).</summary>
    [JsonPropertyName("checkMinutes")] public int CheckMinutes { get; set; } = 15;

    [JsonPropertyName("masterAlarms")] public IReadOnlyDictionary<string, MasterAlarmConfig> MasterAlarms { get; init => field = value ?? new Dictionary<string, MasterAlarmConfig>(); } = new Dictionary<string, MasterAlarmConfig>();
}

public sealed record MasterAlarmConfig
{
    /// <summary>The failover group and target whose ProbeHealthy metric (published every probe round) watches the master's port.</summary>
    [JsonPropertyName("probeGroup")] public string? ProbeGroup { get; init; }

    [JsonPropertyName("probeTarget")] public string? ProbeTarget { get; init; }

    /// <summary>Consecutive failing minutes before the alarm fires.</summary>
    [JsonPropertyName("minutes")] public int Minutes { get; set; } = 2;
}
