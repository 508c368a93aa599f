using Microsoft.Extensions.Logging;

namespace Lifeguard.Runtime.Logging;

internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "Initialisation of handler {Handler} failed")]
    public static partial void InitFailed(this ILogger logger, Exception exception, string handler);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invocation of {Handler} succeeded in {DurationMs} ms")]
    public static partial void InvocationSucceeded(this ILogger logger, string handler, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation of {Handler} failed")]
    public static partial void InvocationFailed(this ILogger logger, Exception exception, string handler);
}
