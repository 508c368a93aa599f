namespace Lifeguard.Snapshots.Domain;

/// <summary>An expired snapshot that is kept, and why.</summary>
public sealed record ExpirySkip(string SnapshotId, string VolumeId, ExpirySkipReason Reason, string Detail);
