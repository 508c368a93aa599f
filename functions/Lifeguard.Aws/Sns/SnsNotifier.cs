namespace Lifeguard.Aws.Sns;

/// <summary>Publishes to one topic; without a topic it does nothing (the logs still say everything).</summary>
/// <param name="readmeUrl">Where the README is served, so each email's runbook reference is a link.</param>
public sealed class SnsNotifier(ISnsClient sns, string? topicArn, string? readmeUrl = null) : INotifier
{
    /// <summary>A function's notifier: its own SNS client, the topic, and the README's address from the environment.</summary>
    public static SnsNotifier For(AwsConfiguration aws, string? topicArn)
    {
        ArgumentNullException.ThrowIfNull(aws);
        return new(new SnsClient(aws), topicArn, aws.Environment(Runbook.UrlVariable));
    }

    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (topicArn is not null)
        {
            await sns.PublishAsync(notification.ToPublishRequest(topicArn, readmeUrl), cancellationToken).ConfigureAwait(false);
        }
    }
}
