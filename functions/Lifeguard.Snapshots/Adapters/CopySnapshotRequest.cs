using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// CopySnapshot, sent to the destination region. It has no client token: after an uncertain answer the next copy run
/// finds the copy by its `lifeguard:copy-of` tag (given at creation) before copying again.
/// </summary>
public sealed record CopySnapshotRequest(string SourceSnapshotId, string SourceRegion)
{
    public string? Description { get; init; }

    /// <summary>Encrypt the copy with this key; null: as the original.</summary>
    public string? KmsKeyId { get; init; }

    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];
}
