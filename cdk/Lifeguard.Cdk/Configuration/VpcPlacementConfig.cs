using System.Text.Json.Serialization;

namespace Lifeguard.Cdk.Configuration;

/// <summary>
/// Subnets and security groups for a function that must reach private addresses. The subnets need a way to the AWS
/// APIs it calls (a NAT gateway: Route 53 has no VPC endpoint).
/// </summary>
public sealed record VpcPlacementConfig
{
    [JsonPropertyName("subnetIds")] public required IReadOnlyList<string> SubnetIds { get; init; }

    [JsonPropertyName("securityGroupIds")] public required IReadOnlyList<string> SecurityGroupIds { get; init; }

    /// <summary>
    /// Let the function send IPv6 (Lambda's dual-stack option; every subnet needs an IPv6 range). Outside a VPC, and
    /// in one without this, a Lambda function has no IPv6 egress at all.
    /// </summary>
    [JsonPropertyName("ipv6AllowedForDualStack")] public bool Ipv6AllowedForDualStack { get; init; }
}
