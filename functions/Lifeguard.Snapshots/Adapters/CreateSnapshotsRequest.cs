using Lifeguard.Snapshots.Domain;

namespace Lifeguard.Snapshots.Adapters;

/// <summary>
/// Crash-consistent snapshots of all of an instance's volumes at one point in time. No client token either:
/// look for the tags before repeating a call that may have taken effect.
/// </summary>
public sealed record CreateSnapshotsRequest(string InstanceId)
{
    public string? Description { get; init; }

    public bool ExcludeBootVolume { get; init; }

    public IReadOnlyList<string> ExcludeDataVolumeIds { get; init; } = [];

    public IReadOnlyList<Ec2Tag> Tags { get; init; } = [];

    public bool CopyTagsFromSource { get; init; }

    public bool DryRun { get; init; }
}
