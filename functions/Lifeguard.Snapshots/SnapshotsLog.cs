using Microsoft.Extensions.Logging;

namespace Lifeguard.Snapshots;

internal static partial class SnapshotsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created {SnapshotIds} of {Target} for slot {Slot}, expiring {ExpiresAt}")]
    public static partial void Created(this ILogger logger, string snapshotIds, string target, string slot, string expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {Target}: {Reason}")]
    public static partial void Skipped(this ILogger logger, string target, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Snapshot of {Target} failed")]
    public static partial void Failed(this ILogger logger, Exception exception, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not thaw {MountPoint} on {InstanceId}; the instance thaws it itself after the freeze timeout")]
    public static partial void ThawFailed(this ILogger logger, Exception exception, string mountPoint, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not freeze {MountPoint} on {InstanceId}; the snapshot goes ahead crash-consistent")]
    public static partial void FreezeFailed(this ILogger logger, Exception exception, string mountPoint, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Target} is crash-consistent although a freeze was asked for: {Detail}")]
    public static partial void Degraded(this ILogger logger, string target, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tag {SnapshotIds} application-consistent; they keep lifeguard:consistency=crash")]
    public static partial void TagFailed(this ILogger logger, Exception exception, string snapshotIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {SnapshotId} of {VolumeId} (expired {ExpiresAt})")]
    public static partial void Deleted(this ILogger logger, string snapshotId, string volumeId, string? expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kept {SnapshotId} of {VolumeId}: {Reason} ({Detail})")]
    public static partial void Kept(this ILogger logger, string snapshotId, string volumeId, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{SnapshotId} of {VolumeId}: {Problem}")]
    public static partial void Problem(this ILogger logger, string snapshotId, string volumeId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting {SnapshotId} failed")]
    public static partial void DeleteFailed(this ILogger logger, Exception exception, string snapshotId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped before the deadline with {Remaining} due snapshots left for the next run")]
    public static partial void StoppedEarly(this ILogger logger, int remaining);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the notification")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Tier} run found no volume or instance to snapshot: is any tagged lifeguard:backup for this tier?")]
    public static partial void NoTargets(this ILogger logger, string tier);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} targets not reached to follow-up run {FollowUp} of this slot")]
    public static partial void HandedOff(this ILogger logger, int count, int followUp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not hand {Count} targets to a follow-up run")]
    public static partial void HandOffFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copying {SnapshotId} to {Region} as {CopyId}")]
    public static partial void Copied(this ILogger logger, string snapshotId, string copyId, string region);

    [LoggerMessage(Level = LogLevel.Error, Message = "Copying {SnapshotId} to {Region} failed")]
    public static partial void CopyFailed(this ILogger logger, Exception exception, string snapshotId, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Region} takes no more copies now ({Detail}); the rest waits for the next run")]
    public static partial void CopyWaits(this ILogger logger, string region, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the snapshots in {Region}")]
    public static partial void RegionFailed(this ILogger logger, Exception exception, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{VolumeId} is unprotected: newest snapshot {NewestAt}, threshold {Threshold}")]
    public static partial void Unprotected(this ILogger logger, string volumeId, string newestAt, string threshold);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the coverage state {Key} on {ResourceId}; the next check may tell it again")]
    public static partial void StateWriteFailed(this ILogger logger, Exception exception, string resourceId, string key);
}
