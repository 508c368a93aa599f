using Microsoft.Extensions.Logging;

namespace Lifeguard.Jobs;

internal static partial class JobsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({MessageId}) succeeded: {Outputs} output(s) in {DurationMs} ms")]
    public static partial void Succeeded(this ILogger logger, string jobId, string messageId, int outputs, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({MessageId}) failed for good on attempt {Attempt}: {Reason}")]
    public static partial void FailedForGood(this ILogger logger, string? jobId, string messageId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({MessageId}) failed on attempt {Attempt}, SQS will deliver it again")]
    public static partial void FailedForNow(this ILogger logger, Exception exception, string? jobId, string messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returned {Count} message(s) to the queue unstarted: the invocation's deadline is near")]
    public static partial void Returned(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not publish the status of {MessageId}")]
    public static partial void StatusFailed(this ILogger logger, Exception exception, string messageId);
}
