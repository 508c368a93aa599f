using System.Text.Json.Serialization;

namespace Lifeguard.Failover.Configuration;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ElasticIpConfig
{
    [JsonPropertyName("allocationId")] public required string AllocationId { get; init; }
}
