namespace Lifeguard.Aws.Sns;

public static class NotifierExtensions
{
    /// <summary>
    /// Tells the operators without letting a failure to tell stop or undo the work being told about: the failure goes
    /// to <paramref name="onFailure"/> (the log). Bounded by its own timeout, not by the invocation's token, which may
    /// already have fired when the last thing left to do is to say so.
    /// </summary>
    public static Task TryNotifyAsync(this INotifier notifier, Notification notification, Action<Exception> onFailure, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        return TryAsync(token => notifier.NotifyAsync(notification, token), onFailure, timeout);
    }

    /// <summary>The same for a message of one's own (a job status for an application), published as it is.</summary>
    public static Task TryPublishAsync(this ISnsClient sns, PublishRequest request, Action<Exception> onFailure, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(sns);
        return TryAsync(token => sns.PublishAsync(request, token), onFailure, timeout);
    }

    private static async Task TryAsync(Func<CancellationToken, Task> publish, Action<Exception> onFailure, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(onFailure);
        using var budget = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            await publish(budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or HttpRequestException or OperationCanceledException)
        {
            onFailure(ex);
        }
    }
}
