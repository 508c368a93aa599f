using System.Text.Json.Serialization;

namespace Lifeguard.Failover.Configuration;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DnsRecordConfig
{
    [JsonPropertyName("hostedZoneId")] public required string HostedZoneId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>A, AAAA or CNAME.</summary>
    [JsonPropertyName("type")] public string Type { get; init => field = value ?? "A"; } = "A";

    /// <summary>The TTL the record is written with when it moves: short, so clients follow quickly.</summary>
    [JsonPropertyName("ttl")] public long Ttl { get; set; } = 60;

    /// <summary>After a switch, wait until Route 53 says the change reached every name server.</summary>
    [JsonPropertyName("waitForInSync")] public bool WaitForInSync { get; set; }

    /// <summary>The zone id without a "/hostedzone/" prefix.</summary>
    [JsonIgnore]
    public string ZoneId => HostedZoneId.StartsWith("/hostedzone/", StringComparison.Ordinal) ? HostedZoneId["/hostedzone/".Length..] : HostedZoneId;

    /// <summary>The TXT record beside it that holds the checker's state between invocations.</summary>
    [JsonIgnore]
    public string StateName => "_lifeguard." + Name.TrimEnd('.') + ".";
}
