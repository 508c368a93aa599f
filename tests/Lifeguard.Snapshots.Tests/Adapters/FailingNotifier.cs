using Lifeguard.Aws.Sns;

namespace Lifeguard.Snapshots.Tests.Adapters;

/// <summary>SNS refusing every publish, as when the topic's policy or KMS key changed; counts the attempts.</summary>
public sealed class FailingNotifier : INotifier
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        throw new Lifeguard.Aws.AwsApiException("sns", "Publish", 403, "AuthorizationError", "not authorized to publish to the topic");
    }
}
