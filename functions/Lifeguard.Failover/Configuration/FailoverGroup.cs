using Lifeguard.Aws.Route53;
using System.Text.Json.Serialization;
using Lifeguard.Failover.Domain;

namespace Lifeguard.Failover.Configuration;

/// <summary>
/// One thing that fails over: a DNS record or an Elastic IP, and the targets it may point at, in order of preference.
/// The same shape in the CDK configuration file and in the function's LIFEGUARD_FAILOVER_GROUPS.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FailoverGroup
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("record")] public RecordConfig? Record { get; init; }

    [JsonPropertyName("elasticIp")] public ElasticIpConfig? ElasticIp { get; init; }

    /// <summary>In order of preference: the first healthy one takes over, and failback goes to the first.</summary>
    [JsonPropertyName("targets")] public required IReadOnlyList<TargetConfig> Targets { get; init; }

    [JsonPropertyName("failThreshold")] public int FailThreshold { get; set; } = 3;

    [JsonPropertyName("recoverThreshold")] public int RecoverThreshold { get; set; } = 3;

    [JsonPropertyName("cooldownSeconds")] public int CooldownSeconds { get; set; } = 300;

    /// <summary>`never` (stay on the target that took over) or `after-healthy` (go back once the first target has been up for failbackAfterSeconds).</summary>
    [JsonPropertyName("failback")] public string Failback { get; init => field = value ?? "never"; } = "never";

    [JsonPropertyName("failbackAfterSeconds")] public int FailbackAfterSeconds { get; set; } = 600;

    /// <summary>
    /// "route53": a switch needs Route 53's health checkers (one health check per target, made by the stack) to agree
    /// that the active target is down and the new one up. Null: Lifeguard's own probes decide alone.
    /// </summary>
    [JsonPropertyName("confirmWith")] public string? ConfirmWith { get; init; }

    /// <summary>Optional SSM Run Command documents run after a switch on the new and the old target, like keepalived's notify scripts.</summary>
    [JsonPropertyName("hooks")] public SwitchHooksConfig? Hooks { get; init; }

    [JsonIgnore]
    public FailoverOptions Options => new(
        FailThreshold,
        RecoverThreshold,
        TimeSpan.FromSeconds(CooldownSeconds),
        Failback == "after-healthy" ? FailbackPolicy.AfterHealthy : FailbackPolicy.Never,
        TimeSpan.FromSeconds(FailbackAfterSeconds));

    /// <summary>"A lb.example.com" or "eipalloc-…", for messages.</summary>
    [JsonIgnore]
    public string Subject => Record is { } record ? $"{record.Type} {record.Name.TrimEnd('.')}" : ElasticIp?.AllocationId ?? Name;
}
