using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>EC2 CreateVolume from a snapshot, tagged at creation; the client token makes a repeated call create nothing more.</summary>
public sealed record CreateVolumeRequest(string SnapshotId, string AvailabilityZone)
{
    /// <summary>gp3: any snapshot restores to it without IOPS settings, and it is the cheapest SSD.</summary>
    public string VolumeType { get; init; } = "gp3";

    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];

    /// <summary>At most 64 ASCII characters; the same token within 24 hours returns the same volume.</summary>
    public string? ClientToken { get; init; }
}
