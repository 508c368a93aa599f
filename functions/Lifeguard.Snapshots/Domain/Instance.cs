namespace Lifeguard.Snapshots.Domain;

public sealed record Instance(
    string InstanceId,
    string State,
    string? PrivateIpAddress,
    string? PublicIpAddress,
    string? RootDeviceName,
    IReadOnlyList<InstanceBlockDevice> BlockDevices,
    IReadOnlyList<Ec2Tag> Tags);
