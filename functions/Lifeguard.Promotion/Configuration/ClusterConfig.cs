using System.Text.Json.Serialization;
using Lifeguard.Aws.Route53;

namespace Lifeguard.Promotion.Configuration;

/// <summary>
/// One MySQL/MariaDB cluster: the DNS record the application writes through, the servers (whichever the record points
/// at is the master; the others are its replicas), the secret with the credentials, and the promotion policy.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ClusterConfig
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>CloudWatch alarms whose transition into ALARM promotes this cluster.</summary>
    [JsonPropertyName("alarmNames")] public IReadOnlyList<string> AlarmNames { get; init => field = value ?? []; } = [];

    /// <summary>db-master.example.com: the record the application writes through, A (the servers' hosts are IPv4 addresses) or CNAME (host names).</summary>
    [JsonPropertyName("record")] public required RecordConfig Record { get; init; }

    /// <summary>The master when Lifeguard was deployed; after a promotion the record says which server is the master.</summary>
    [JsonPropertyName("master")] public required NodeConfig Master { get; init; }

    [JsonPropertyName("replicas")] public IReadOnlyList<NodeConfig> Replicas { get; init => field = value ?? []; } = [];

    /// <summary>
    /// Secrets Manager secret (name or ARN), a JSON object: username and password of the admin user Lifeguard connects
    /// as, replicationUsername and replicationPassword of the user replicas connect to the master with.
    /// </summary>
    [JsonPropertyName("secretId")] public required string SecretId { get; init; }

    [JsonPropertyName("policy")] public PromotionPolicyConfig Policy { get; init => field = value ?? new(); } = new();

    [JsonIgnore]
    public IReadOnlyList<NodeConfig> Nodes => [Master, .. Replicas];
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NodeConfig
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>The address the record holds when this server is the master, and that replicas connect to.</summary>
    [JsonPropertyName("host")] public required string Host { get; init; }

    [JsonPropertyName("port")] public int Port { get; set; } = 3306;

    /// <summary>The EC2 instance, for stopping an old master (policy.stopOldMasterInstance).</summary>
    [JsonPropertyName("instanceId")] public string? InstanceId { get; init; }

    /// <summary>Among replicas with the same data, the higher priority is promoted.</summary>
    [JsonPropertyName("priority")] public int Priority { get; set; }

    /// <summary>False: never promoted (a backup or reporting replica); still repointed.</summary>
    [JsonPropertyName("candidate")] public bool Candidate { get; set; } = true;

    public override string ToString() => $"{Name} ({Host}:{Port})";
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PromotionPolicyConfig
{
    /// <summary>A replica further behind than this (Seconds_Behind_Master) is not promoted.</summary>
    [JsonPropertyName("maxLagSeconds")] public int MaxLagSeconds { get; set; } = 30;

    /// <summary>How long the chosen replica may take to apply its relay log before the promotion is refused.</summary>
    [JsonPropertyName("relayApplyTimeoutSeconds")] public int RelayApplyTimeoutSeconds { get; set; } = 20;

    /// <summary>After a promotion, further alarms are refused for this long (unless forced).</summary>
    [JsonPropertyName("antiFlapMinutes")] public int AntiFlapMinutes { get; set; } = 60;

    [JsonPropertyName("stopOldMasterInstance")] public bool StopOldMasterInstance { get; set; }

    /// <summary>
    /// The longest the promotion waits for the replicas to confirm that a master this function cannot reach is gone
    /// (a hung master shows after the replicas' slave_net_timeout): it waits that long plus 2 s, at most this.
    /// </summary>
    [JsonPropertyName("detectionTimeoutSeconds")] public int DetectionTimeoutSeconds { get; set; } = 30;

    /// <summary>How often the watcher probes the master (action watch, every minute from the schedule).</summary>
    [JsonPropertyName("watchIntervalSeconds")] public int WatchIntervalSeconds { get; set; } = 5;

    /// <summary>Connecting to a server and each query to it: the master counts as down when it does not answer in this time.</summary>
    [JsonPropertyName("connectTimeoutSeconds")] public int ConnectTimeoutSeconds { get; set; } = 2;
}

public static class RecordConfigExtensions
{
    extension(RecordConfig record)
    {
        /// <summary>The TXT record beside it that is the promotion lock and remembers the last promotion.</summary>
        public string LockName => record.Beside("_lifeguard-promotion");

        /// <summary>The TXT record beside it where the readiness check and the watcher remember what they saw and what they alerted.</summary>
        public string ReadinessName => record.Beside("_lifeguard-readiness");
    }
}
