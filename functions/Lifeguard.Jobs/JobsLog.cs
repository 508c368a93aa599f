using Microsoft.Extensions.Logging;

namespace Lifeguard.Jobs;

internal static partial class JobsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({MessageId}) succeeded: {Outputs} output(s) in {DurationMs} ms (dry run: {DryRun}, nothing written or published when true)")]
    public static partial void Succeeded(this ILogger logger, string jobId, string messageId, int outputs, double durationMs, bool dryRun);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({MessageId}) failed for good on attempt {Attempt}: {Reason}")]
    public static partial void FailedForGood(this ILogger logger, string? jobId, string messageId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({MessageId}) failed on attempt {Attempt}, SQS will deliver it again")]
    public static partial void FailedForNow(this ILogger logger, Exception exception, string? jobId, string messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({MessageId}) was cut short on attempt {Attempt} by the invocation's deadline; it goes back to its queue")]
    public static partial void Interrupted(this ILogger logger, string jobId, string messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returned {Count} message(s) to the queue unstarted: the invocation's deadline is near")]
    public static partial void Returned(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({MessageId}) could not be moved to the dead-letter queue; it stays on its queue and is told on a later delivery")]
    public static partial void NotKept(this ILogger logger, Exception exception, string? jobId, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not put {MessageId} back on its queue as a new message; it is answered as failed")]
    public static partial void NotRequeued(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make {MessageId} visible again; it returns when its visibility timeout ends")]
    public static partial void NotReleased(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {MessageId}, which has ended; the batch answer lets it go when the invocation ends")]
    public static partial void NotDeleted(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({MessageId}) ended already (its message was deleted): this delivery is a copy, not run or told again")]
    public static partial void AlreadyEnded(this ILogger logger, string? jobId, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the visibility of {MessageId}; it is run all the same")]
    public static partial void NotClaimed(this ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not publish the status of {MessageId}")]
    public static partial void StatusFailed(this ILogger logger, Exception exception, string messageId);
}
