using Lifeguard.Aws.Sns;

namespace Lifeguard.TestSupport;

/// <summary>Keeps what would have gone to SNS, for tests that read the texts.</summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly List<Notification> _sent = [];

    public IReadOnlyList<Notification> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(notification);
        }

        return Task.CompletedTask;
    }
}
