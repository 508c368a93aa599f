namespace Lifeguard.Snapshots.Domain;

/// <param name="State">`pending`, `completed`, `error` (also `recoverable`, `recovering` for archived ones).</param>
public sealed record Snapshot(
    string SnapshotId,
    string VolumeId,
    string State,
    DateTimeOffset? StartTime,
    string? Progress,
    int VolumeSize,
    string? Description,
    string? OwnerId,
    IReadOnlyList<Ec2Tag> Tags)
{
    public string? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key)?.Value;
}
