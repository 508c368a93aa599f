namespace Lifeguard.Aws.Sns;

public static class NotifierExtensions
{
    /// <summary>
    /// Tells the operators without letting a failure to tell stop or undo the work being told about: the failure goes
    /// to <paramref name="onFailure"/> (the log). Bounded by its own timeout, not by the invocation's token, which may
    /// already have fired when the last thing left to do is to say so.
    /// </summary>
    public static async Task TryNotifyAsync(this INotifier notifier, Notification notification, Action<Exception> onFailure, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(onFailure);
        using var budget = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            await notifier.NotifyAsync(notification, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsApiException or HttpRequestException or OperationCanceledException)
        {
            onFailure(ex);
        }
    }
}
