using System.Text.Json.Serialization;

namespace Lifeguard.Failover.Configuration;

/// <param name="Value">
/// What the record holds when this target is active (an address for A/AAAA, a host name for CNAME), or for an Elastic
/// IP the instance (i-…) or network interface (eni-…) it is associated with.
/// </param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TargetConfig
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("value")] public required string Value { get; init; }

    [JsonPropertyName("probe")] public required ProbeConfig Probe { get; init; }

    /// <summary>The instance behind the target, where the group's hooks run; an Elastic IP target's own instance by default.</summary>
    [JsonPropertyName("instanceId")] public string? InstanceId { get => field ?? (Value.StartsWith("i-", StringComparison.Ordinal) ? Value : null); init; }
}
