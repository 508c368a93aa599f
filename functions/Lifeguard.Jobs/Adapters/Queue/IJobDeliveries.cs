using Lifeguard.Runtime.Events;

namespace Lifeguard.Jobs.Adapters.Queue;

/// <summary>What the worker does with a message besides answering the batch.</summary>
public interface IJobDeliveries
{
    /// <summary>
    /// Puts an unstarted message back as a new message on its queue, visible at once, carrying the attempts it has
    /// had (a message returned in the batch answer waits out the visibility timeout and uses up a receive count).
    /// </summary>
    Task RequeueAsync(SqsMessage message, int attempts, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a received message hidden for <paramref name="visibility"/> (the job's limit and the reserve). False when it
    /// is no longer in flight: it ended already (the same event delivered twice), so it must not be run or told again.
    /// </summary>
    Task<bool> ClaimAsync(SqsMessage message, TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Makes a received message visible again at once (ChangeMessageVisibility to 0).</summary>
    Task ReleaseAsync(SqsMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a message that has ended (done, kept in the dead-letter queue or put back as a copy) at once, so that an
    /// invocation that dies later in its batch does not bring it back to be run and told twice.
    /// </summary>
    Task DeleteAsync(SqsMessage message, CancellationToken cancellationToken);

    /// <summary>Moves a message that will not be tried again to the dead-letter queue, with why, for a redrive.</summary>
    Task DeadLetterAsync(SqsMessage message, string reason, int attempts, CancellationToken cancellationToken);
}
