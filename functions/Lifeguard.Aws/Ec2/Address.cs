namespace Lifeguard.Aws.Ec2;

public sealed record Address(
    string? AllocationId,
    string PublicIp,
    string? AssociationId,
    string? InstanceId,
    string? NetworkInterfaceId,
    string? PrivateIpAddress,
    IReadOnlyList<Ec2Tag> Tags);
