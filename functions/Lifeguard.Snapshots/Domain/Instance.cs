namespace Lifeguard.Snapshots.Domain;

public sealed record Instance(
    string InstanceId,
    string State,
    string? PrivateIpAddress,
    string? PublicIpAddress,
    string? RootDeviceName,
    IReadOnlyList<InstanceBlockDevice> BlockDevices,
    IReadOnlyList<Ec2Tag> Tags)
{
    /// <summary>Where it runs (`us-east-1a`); a volume attaches only to an instance in its own zone.</summary>
    public string? AvailabilityZone { get; init; }
}
