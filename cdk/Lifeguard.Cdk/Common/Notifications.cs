using Constructs;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;

namespace Lifeguard.Cdk.Common;

/// <summary>
/// The one SNS topic every Lifeguard function reports to, with an email subscription per address (full text)
/// and an SMS subscription per number (short text; functions publish both with MessageStructure=json).
/// </summary>
public sealed class Notifications : Construct
{
    public Notifications(Construct scope, string id, NotificationsProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        // Not encrypted with the AWS-managed SNS key: CloudWatch alarms cannot publish to a topic that uses it,
        // and the alarms of every capability report here.
        var topic = new Topic(this, "Topic", new TopicProps { DisplayName = "Lifeguard" });
        // TopicProps.EnforceSSL only amends a policy that something else creates, so the rule is stated here.
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DenyInsecureTransport",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
            },
        }));
        foreach (var email in props.Emails)
        {
            topic.AddSubscription(new EmailSubscription(email));
        }

        foreach (var number in props.SmsNumbers)
        {
            topic.AddSubscription(new SmsSubscription(number));
        }

        Topic = topic;
    }

    public ITopic Topic { get; }

    /// <summary>Lets a function publish its reports here (sns:Publish on this topic only).</summary>
    public Grant GrantPublish(IGrantable grantee) => Topic.GrantPublish(grantee);
}
