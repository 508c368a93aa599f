namespace Lifeguard.Snapshots.Domain;

/// <summary>
/// One piece of the coverage check's memory: a tag on a volume or an instance tagged `lifeguard:backup` (the only
/// resources its role may tag), so that an alert goes out once per event, never once per run.
/// </summary>
public sealed record StateTag(string ResourceId, string Key)
{
    /// <summary>
    /// Where a volume's unprotected state lives: on the volume when it carries `lifeguard:backup` itself, otherwise on
    /// the tagged instance it is protected through, under a key naming the volume (the role may not tag the volume).
    /// </summary>
    public static StateTag Unprotected(string volumeId, bool volumeTagged, string? instanceId) => volumeTagged || instanceId is null
        ? new StateTag(volumeId, SnapshotTags.UnprotectedSince)
        : new StateTag(instanceId, SnapshotTags.UnprotectedSince + ":" + volumeId);
}
