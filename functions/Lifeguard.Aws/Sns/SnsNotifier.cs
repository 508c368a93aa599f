namespace Lifeguard.Aws.Sns;

/// <summary>Publishes to one topic; without a topic it does nothing (the logs still say everything).</summary>
public sealed class SnsNotifier(ISnsClient sns, string? topicArn) : INotifier
{
    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (topicArn is not null)
        {
            await sns.PublishAsync(notification.ToPublishRequest(topicArn), cancellationToken).ConfigureAwait(false);
        }
    }
}
