namespace Lifeguard.Cdk.Common;

public sealed record NotificationsProps
{
    public IReadOnlyList<string> Emails { get; init; } = [];

    public IReadOnlyList<string> SmsNumbers { get; init; } = [];
}
