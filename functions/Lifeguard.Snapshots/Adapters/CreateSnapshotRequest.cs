using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// CreateSnapshot has no client token: when a call fails with MayHaveTakenEffect, look for the snapshot by the tags
/// given here (Lifeguard's `lifeguard:slot` tag makes it unique) before trying again.
/// </summary>
public sealed record CreateSnapshotRequest(string VolumeId)
{
    public string? Description { get; init; }

    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];

    public bool DryRun { get; init; }
}
