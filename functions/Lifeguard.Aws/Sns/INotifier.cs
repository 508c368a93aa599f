namespace Lifeguard.Aws.Sns;

/// <summary>Tells the operators: SNS in production, nothing when no topic is configured.</summary>
public interface INotifier
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken);
}
