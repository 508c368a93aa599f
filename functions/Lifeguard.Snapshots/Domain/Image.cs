namespace Lifeguard.Snapshots.Domain;

/// <summary>An AMI, with the snapshots its block devices are made from.</summary>
public sealed record Image(string ImageId, string? Name, string State, IReadOnlyList<string> SnapshotIds);
