using Constructs;
using Amazon.CDK;
using Lifeguard.Cdk.Common;

namespace Lifeguard.Cdk;

/// <summary>The whole of Lifeguard in one stack; each capability adds its construct here.</summary>
public sealed class LifeguardStack : Stack
{
    public LifeguardStack(Construct scope, string id, LifeguardStackProps props) : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        Notifications = new Notifications(this, "Notifications", new NotificationsProps
        {
            Emails = props.Config.Notifications.Emails,
            SmsNumbers = props.Config.Notifications.SmsNumbers,
        });
        Amazon.CDK.Tags.Of(this).Add("lifeguard:stack", id);
    }

    public Notifications Notifications { get; }
}
