namespace Lifeguard.Aws.Ec2;

/// <summary>Moves an Elastic IP to an instance or network interface; reassociation takes it from its current holder.</summary>
public sealed record AssociateAddressRequest(string AllocationId)
{
    public string? InstanceId { get; init; }

    public string? NetworkInterfaceId { get; init; }

    public string? PrivateIpAddress { get; init; }

    public bool AllowReassociation { get; init; } = true;

    public bool DryRun { get; init; }
}
