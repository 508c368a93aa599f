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
}
