namespace Lifeguard.Snapshots.Domain;

/// <summary>Something an operator should look at: a snapshot in `error`, or one `pending` for too long.</summary>
public sealed record SnapshotProblem(string SnapshotId, string VolumeId, string Problem);
