using Microsoft.Extensions.Logging;

namespace Lifeguard.Failover;

internal static partial class FailoverLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Group}: {Event}")]
    public static partial void GroupEvent(this ILogger logger, string group, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Group}: {Event}")]
    public static partial void GroupWarning(this ILogger logger, string group, string @event);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Group} failed")]
    public static partial void GroupFailed(this ILogger logger, Exception exception, string group);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the notification")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception);
}
