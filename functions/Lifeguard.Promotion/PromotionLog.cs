using Microsoft.Extensions.Logging;

namespace Lifeguard.Promotion;

internal static partial class PromotionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Cluster}: step {Number} {Step} {Outcome} in {Ms} ms: {Detail}")]
    public static partial void Step(this ILogger logger, string cluster, int number, string step, string outcome, double ms, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster}: {Outcome}: {Reason}")]
    public static partial void Ended(this ILogger logger, string cluster, string outcome, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cluster}: promotion failed")]
    public static partial void Failed(this ILogger logger, Exception exception, string cluster);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send the notification")]
    public static partial void NotifyFailed(this ILogger logger, Exception exception);
}
