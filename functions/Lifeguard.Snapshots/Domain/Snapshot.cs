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
    /// <summary>The volume id EC2 gives a snapshot it did not make from a volume of this account (a copy, an import).</summary>
    public const string NoVolume = "vol-ffffffff";

    /// <summary>`standard` or `archive`; null when EC2 did not say.</summary>
    public string? StorageTier { get; init; }

    public string? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key)?.Value;

    /// <summary>When the backup was taken: the start time, or for a copy the original's (tagged on the copy).</summary>
    public DateTimeOffset? SourceStartTime => Tag(SnapshotTags.CopyOf) is not null && SnapshotSlot.TryParseExpiry(Tag(SnapshotTags.SourceStart), out var start)
        ? start
        : StartTime;

    /// <summary>
    /// The volume this snapshot is a backup of: its own volume, or, for a copy Lifeguard made in another region (whose
    /// volume id EC2 gives as <see cref="NoVolume"/>), the original's volume as the copy's tag names it.
    /// </summary>
    public string SourceVolumeId => Tag(SnapshotTags.CopyOf) is not null ? Tag(SnapshotTags.Volume) ?? VolumeId : VolumeId;
}
