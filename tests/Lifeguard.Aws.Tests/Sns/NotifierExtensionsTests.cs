using Lifeguard.Aws.Sns;

namespace Lifeguard.Aws.Tests.Sns;

public sealed class NotifierExtensionsTests
{
    private static readonly Notification Message = new("subject", "sms", "full", Runbook.NotRunning);

    [Fact]
    public async Task TryNotifyAsync_PublishFails_ReportsTheFailureAndDoesNotThrow()
    {
        var failures = new List<Exception>();

        await new FailingNotifier(new AwsApiException("SNS", "Publish", 403, "AuthorizationError", "denied")).TryNotifyAsync(Message, failures.Add);

        Assert.Equal("AuthorizationError", Assert.IsType<AwsApiException>(Assert.Single(failures)).ErrorCode);
    }

    [Fact]
    public async Task TryNotifyAsync_PublishHangs_GivesUpAtItsOwnTimeout()
    {
        var failures = new List<Exception>();

        await new HangingNotifier().TryNotifyAsync(Message, failures.Add, TimeSpan.FromMilliseconds(100));

        Assert.IsAssignableFrom<OperationCanceledException>(Assert.Single(failures));
    }

    [Fact]
    public async Task TryNotifyAsync_ABugInTheNotifier_IsNotSwallowed()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => new FailingNotifier(new InvalidOperationException("bug")).TryNotifyAsync(Message, _ => { }));
    }

    private sealed class FailingNotifier(Exception failure) : INotifier
    {
        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken) => Task.FromException(failure);
    }

    private sealed class HangingNotifier : INotifier
    {
        public Task NotifyAsync(Notification notification, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
