using Microsoft.Extensions.Logging;

namespace Lifeguard.Snapshots.Drills;

internal static partial class DrillLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Drill of {VolumeId} from {SnapshotId}: {Result} ({Detail})")]
    public static partial void Drilled(this ILogger logger, string volumeId, string? snapshotId, string result, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted drill volume {VolumeId} ({Why})")]
    public static partial void Removed(this ILogger logger, string volumeId, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete drill volume {VolumeId}; the next run tries again")]
    public static partial void RemoveFailed(this ILogger logger, Exception exception, string volumeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the drill standing of {VolumeId}")]
    public static partial void TagFailed(this ILogger logger, Exception exception, string volumeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drill of {VolumeId} failed")]
    public static partial void Failed(this ILogger logger, Exception exception, string volumeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the drill notification; the alert state is left as it was so the next run sends it")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception);
}
